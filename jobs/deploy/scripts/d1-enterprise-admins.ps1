<#
.SYNOPSIS
    D1: adds the current administrator to Enterprise Admins (Exchange setup prepares the forest).
.PARAMETER Probe
    Only report whether the step is done ({done, detail}); change nothing.
#>
[CmdletBinding()]
param([switch]$Probe)
$account = $env:USERNAME
$done = @(Get-ADGroupMember -Identity 'Enterprise Admins' | Where-Object { $_.SamAccountName -eq $account }).Count -gt 0
if ($Probe) { return @{ done = $done; detail = "$account is in Enterprise Admins" } }
if (-not $done) { Add-ADGroupMember -Identity 'Enterprise Admins' -Members $account }
@{ account = $account }
