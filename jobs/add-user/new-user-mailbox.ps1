<#
.SYNOPSIS
    Creates an AD user with a mailbox (New-Mailbox). The primary address comes from the address policy.
.DESCRIPTION
    The account gets a random password that never leaves this script; the requester's initial
    password is set by set-initial-password.ps1, a later step.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidateLength(1, 64)][string]$Name,
    [Parameter(Mandatory = $true)][ValidateLength(1, 64)][string]$Alias,
    [Parameter(Mandatory = $true)][ValidateLength(1, 20)][string]$SamAccountName
)
$bytes = New-Object byte[] 24
[System.Security.Cryptography.RandomNumberGenerator]::Create().GetBytes($bytes)
$throwaway = ConvertTo-SecureString ('Aa1!' + [System.Convert]::ToBase64String($bytes)) -AsPlainText -Force
$upn = $SamAccountName + '@' + (Get-ADDomain).DNSRoot
$mailbox = New-Mailbox -Name $Name -Alias $Alias -DisplayName $Name -SamAccountName $SamAccountName -UserPrincipalName $upn -Password $throwaway
@{ Name = [string]$mailbox.Name; Alias = [string]$mailbox.Alias; PrimarySmtpAddress = [string]$mailbox.PrimarySmtpAddress; UserPrincipalName = $upn }
