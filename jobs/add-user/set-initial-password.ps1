<#
.SYNOPSIS
    Sets the account's initial password (the one sent privately to the requester).
.PARAMETER Password
    Made on the worker for this run only; it arrives as data and is turned into a SecureString at once.
.PARAMETER Identity
    The user as the requester named them (alias, name, sign-in name or address), compared exactly.
.PARAMETER Alias
    The Exchange alias (already checked against Exchange’s alias rules).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidateLength(1, 20)][string]$Identity,
    [Parameter(Mandatory = $true)][ValidateLength(1, 64)][string]$Alias,
    [Parameter(Mandatory = $true)][string]$Password
)
$secure = ConvertTo-SecureString $Password -AsPlainText -Force
$Password = $null
Set-ADAccountPassword -Identity $Identity -Reset -NewPassword $secure
$mailbox = Get-Mailbox -Identity $Alias
@{ PrimarySmtpAddress = [string]$mailbox.PrimarySmtpAddress; UserPrincipalName = [string]$mailbox.UserPrincipalName }
