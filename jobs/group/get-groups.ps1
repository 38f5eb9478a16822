<#
.SYNOPSIS
    The distribution groups whose name, alias or address contains the filter (plain text, compared
    without wildcards), with their member counts. Read-only.
.PARAMETER Filter
    Text to look for; empty: every group.
#>
[CmdletBinding()]
param([ValidateLength(0, 64)][string]$Filter = '')
. (Join-Path $PSScriptRoot 'group-helpers.ps1')
$rows = @()
foreach ($g in @(Get-DistributionGroup -ResultSize Unlimited)) {
    $hay = @([string]$g.Name, [string]$g.Alias, [string]$g.PrimarySmtpAddress)
    $hit = (-not $Filter)
    foreach ($h in $hay) { if ($Filter -and $h.IndexOf($Filter, [System.StringComparison]::OrdinalIgnoreCase) -ge 0) { $hit = $true } }
    if ($hit) { $rows += @{ Name = [string]$g.Name; PrimarySmtpAddress = [string]$g.PrimarySmtpAddress; MemberCount = @(Get-ChatOpsGroupMembers $g).Count } }
}
@{ groups = @($rows | Sort-Object { $_.Name }) }
