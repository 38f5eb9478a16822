<#
.SYNOPSIS
    Probe: does the group exist? Read-only.
.PARAMETER Name
    The group's name.
.PARAMETER Alias
    The group's alias.
.PARAMETER Members
    Not used by the probe (the same parameters as new-group.ps1).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidateLength(1, 64)][string]$Name,
    [Parameter(Mandatory = $true)][ValidateLength(1, 64)][string]$Alias,
    [string[]]$Members = @()
)
. (Join-Path $PSScriptRoot 'group-helpers.ps1')
$hits = @(Find-ChatOpsGroup $Alias)
if ($hits.Count -gt 0 -and [string]$hits[0].Name -eq $Name) { return @{ done = $true; detail = "$Name <$($hits[0].PrimarySmtpAddress)> exists" } }
@{ done = $false }
