<#
.SYNOPSIS
    Test helper: what the lab's Get-Mailbox answers for an identity, as an administrator would ask
    it, and mailboxes made directly with New-Mailbox.
.PARAMETER Action
    NewMailbox (Name, Alias) or GetMailbox (Identity).
.PARAMETER Name
    NewMailbox: the new mailbox's name.
.PARAMETER Alias
    NewMailbox: the new mailbox's alias.
.PARAMETER Identity
    GetMailbox: the identity asked for.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidateSet('NewMailbox', 'GetMailbox')][string]$Action,
    [string]$Name = '',
    [string]$Alias = '',
    [string]$Identity = ''
)
if ($Action -eq 'NewMailbox') {
    $password = ConvertTo-SecureString 'Lab-Passw0rd!x' -AsPlainText -Force
    $m = New-Mailbox -Name $Name -Alias $Alias -SamAccountName $Alias -UserPrincipalName ($Alias + '@contoso.local') -Password $password
    return @{ Guid = [string]$m.Guid }
}
$errors = @()
$found = @(Get-Mailbox -Identity $Identity -ErrorAction SilentlyContinue -ErrorVariable errors)
@{ names = @($found | ForEach-Object { [string]$_.Name } | Sort-Object); errors = @($errors | ForEach-Object { [string]$_.Exception.Message }) }
