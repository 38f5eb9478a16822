<#
.SYNOPSIS
    Probe: is the account not locked out? Read-only.
.PARAMETER Identity
    The user as a person typed it (alias, name, sign-in name or address); matched exactly.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][ValidateLength(1, 256)][string]$Identity)
. (Join-Path $PSScriptRoot '../common/exchange-helpers.ps1')
$m = Resolve-ChatOpsMailbox $Identity
$ad = Get-ADUser -Identity ([string]$m.SamAccountName) -Properties LockedOut
if ($ad.LockedOut) { return @{ done = $false } }
$detail = 'the account is not locked out'
if (-not $ad.Enabled) { $detail = 'the account is not locked out (but its sign-in is disabled)' }
@{ done = $true; detail = $detail }
