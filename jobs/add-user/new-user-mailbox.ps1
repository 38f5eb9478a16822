<#
.SYNOPSIS
    Creates an AD user with a mailbox (New-Mailbox), or mail-enables the AD user of that name when
    it exists without a mailbox (Enable-Mailbox). The primary address comes from the address policy.
.DESCRIPTION
    A new account gets a random password that never leaves this script; the requester's initial
    password is set by set-initial-password.ps1, a later step.
.PARAMETER Name
    The display name (one word).
.PARAMETER Alias
    The Exchange alias (already checked against Exchange’s alias rules).
.PARAMETER SamAccountName
    The pre-Windows 2000 logon name (at most 20 characters).
.PARAMETER FirstName
    The first name (optional).
.PARAMETER LastName
    The last name (optional).
.PARAMETER UserPrincipalName
    The sign-in name (optional; the default is alias@domain).
.PARAMETER OrganizationalUnit
    The OU for the new account (optional).
.PARAMETER Like
    A template user (add-user --like): without OrganizationalUnit, the new account goes to its OU.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidateLength(1, 64)][string]$Name,
    [Parameter(Mandatory = $true)][ValidateLength(1, 64)][string]$Alias,
    [Parameter(Mandatory = $true)][ValidateLength(1, 20)][string]$SamAccountName,
    [string]$FirstName = '',
    [string]$LastName = '',
    [string]$UserPrincipalName = '',
    [string]$OrganizationalUnit = '',
    [ValidateLength(0, 256)][string]$Like = ''
)
if ($Like -and -not $OrganizationalUnit) {
    . (Join-Path $PSScriptRoot '../common/exchange-helpers.ps1')
    $OrganizationalUnit = ([string](Resolve-ChatOpsMailbox $Like).DistinguishedName) -replace '^CN=(\\,|[^,])+,', ''
}
# Every user read and compared exactly: a name never goes to -Identity (wildcards, ambiguity).
$existing = @(Get-User -ResultSize Unlimited -ErrorAction Stop | Where-Object { [string]::Equals([string]$_.Name, $Name, [System.StringComparison]::OrdinalIgnoreCase) -and $_.RecipientType -eq 'User' })
if ($existing.Count -gt 1) { throw "$Name names $($existing.Count) accounts without a mailbox: mail-enable the right one by hand." }
if ($existing.Count -gt 0) {
    $mailbox = Enable-Mailbox -Identity ([string]$existing[0].Guid) -Alias $Alias
    return @{ Guid = [string]$mailbox.Guid; Name = [string]$mailbox.Name; Alias = [string]$mailbox.Alias; PrimarySmtpAddress = [string]$mailbox.PrimarySmtpAddress; UserPrincipalName = [string]$mailbox.UserPrincipalName; MailEnabledExisting = $true }
}
$bytes = New-Object byte[] 24
[System.Security.Cryptography.RandomNumberGenerator]::Create().GetBytes($bytes)
$throwaway = ConvertTo-SecureString ('Aa1!' + [System.Convert]::ToBase64String($bytes)) -AsPlainText -Force
$upn = $UserPrincipalName
if (-not $upn) { $upn = $SamAccountName + '@' + (Get-ADDomain).DNSRoot }
$new = @{ Name = $Name; Alias = $Alias; DisplayName = $Name; SamAccountName = $SamAccountName; UserPrincipalName = $upn; Password = $throwaway }
if ($FirstName) { $new.FirstName = $FirstName }
if ($LastName) { $new.LastName = $LastName }
if ($OrganizationalUnit) { $new.OrganizationalUnit = $OrganizationalUnit }
$mailbox = New-Mailbox @new
# Guid: the account's objectGUID, which never changes; later steps act on it, never on a name.
@{ Guid = [string]$mailbox.Guid; Name = [string]$mailbox.Name; Alias = [string]$mailbox.Alias; PrimarySmtpAddress = [string]$mailbox.PrimarySmtpAddress; UserPrincipalName = $upn; MailEnabledExisting = $false }
