<#
.SYNOPSIS
    Creates a distribution group (New-DistributionGroup) with its first members.
.PARAMETER Name
    The group's name.
.PARAMETER Alias
    The group's alias (its address follows the address policy).
.PARAMETER Members
    Mailboxes to put in it, as a person typed them; each must match exactly one mailbox.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidateLength(1, 64)][string]$Name,
    [Parameter(Mandatory = $true)][ValidateLength(1, 64)][string]$Alias,
    [string[]]$Members = @()
)
. (Join-Path $PSScriptRoot 'group-helpers.ps1')
$ids = @()
foreach ($member in @($Members | Where-Object { $_ })) { $ids += [string](Resolve-ChatOpsMailbox $member).Guid }
$group = New-DistributionGroup -Name $Name -Alias $Alias -Type Distribution -Members $ids
@{ Name = [string]$group.Name; PrimarySmtpAddress = [string]$group.PrimarySmtpAddress; Guid = [string]$group.Guid; Members = @(Get-ChatOpsGroupMembers $group | ForEach-Object { $_.Name }) }
