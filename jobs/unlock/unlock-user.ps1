<#
.SYNOPSIS
    Unlocks an account that too many wrong passwords locked out (Unlock-ADAccount).
.PARAMETER Identity
    The user as a person typed it (alias, name, sign-in name or address); matched exactly.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][ValidateLength(1, 256)][string]$Identity)
. (Join-Path $PSScriptRoot '../common/exchange-helpers.ps1')
$m = Resolve-ChatOpsMailbox $Identity
Unlock-ADAccount -Identity ([string]$m.SamAccountName)
$ad = Get-ADUser -Identity ([string]$m.SamAccountName) -Properties LockedOut
@{ Name = [string]$m.Name; LockedOut = [bool]$ad.LockedOut; Enabled = [bool]$ad.Enabled }
