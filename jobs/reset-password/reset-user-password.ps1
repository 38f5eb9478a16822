<#
.SYNOPSIS
    Resets an account's password (Set-ADAccountPassword -Reset) and, by default, makes the account
    change it at its next sign-in (Set-ADUser -ChangePasswordAtLogon $true).
.PARAMETER Identity
    The user as a person typed it (alias, name, sign-in name or address); matched exactly.
.PARAMETER Password
    Made on the worker for this run only; it arrives as data and is turned into a SecureString at once.
.PARAMETER ChangePasswordAtLogon
    $true (the default): the user must choose a new password at the next sign-in.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidateLength(1, 256)][string]$Identity,
    [Parameter(Mandatory = $true)][string]$Password,
    [bool]$ChangePasswordAtLogon = $true
)
. (Join-Path $PSScriptRoot '../common/exchange-helpers.ps1')
$m = Resolve-ChatOpsMailbox $Identity
$secure = ConvertTo-SecureString $Password -AsPlainText -Force
$Password = $null
Set-ADAccountPassword -Identity ([string]$m.SamAccountName) -Reset -NewPassword $secure
Set-ADUser -Identity ([string]$m.SamAccountName) -ChangePasswordAtLogon $ChangePasswordAtLogon
$ad = Get-ADUser -Identity ([string]$m.SamAccountName) -Properties LockedOut
@{ Name = [string]$m.Name; PrimarySmtpAddress = [string]$m.PrimarySmtpAddress; UserPrincipalName = [string]$m.UserPrincipalName
   ChangePasswordAtLogon = $ChangePasswordAtLogon; Enabled = [bool]$ad.Enabled; LockedOut = [bool]$ad.LockedOut }
