<#
.SYNOPSIS
    A distribution group's members (Get-DistributionGroupMember). Read-only.
.PARAMETER Group
    The group, as a person typed it (name, alias or address); matched exactly.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][ValidateLength(1, 256)][string]$Group)
. (Join-Path $PSScriptRoot 'group-helpers.ps1')
$g = Resolve-ChatOpsGroup $Group
@{ Name = [string]$g.Name; PrimarySmtpAddress = [string]$g.PrimarySmtpAddress; Members = @(Get-ChatOpsGroupMembers $g) }
