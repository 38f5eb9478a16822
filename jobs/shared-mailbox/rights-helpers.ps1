<#
.SYNOPSIS
    Helpers the shared-mailbox scripts dot-source: who has Full Access, Send As and Send on Behalf
    on a mailbox (explicit, not inherited), and granting or revoking one of those rights.
#>

. (Join-Path $PSScriptRoot '../common/exchange-helpers.ps1')

function Get-ChatOpsUserKey($Mailbox) { return ((Get-ADDomain).NetBIOSName + '\' + [string]$Mailbox.SamAccountName) }

function Get-ChatOpsMailboxRights($Mailbox) {
    $full = @(); $sendAs = @()
    foreach ($p in @(Get-MailboxPermission -Identity ([string]$Mailbox.Guid))) {
        if (-not $p.IsInherited -and -not $p.Deny -and [string]$p.User -ne 'NT AUTHORITY\SELF' -and @($p.AccessRights) -contains 'FullAccess') { $full += [string]$p.User }
    }
    foreach ($p in @(Get-ADPermission -Identity ([string]$Mailbox.Guid))) {
        if (-not $p.IsInherited -and -not $p.Deny -and @($p.ExtendedRights) -contains 'Send-As') { $sendAs += [string]$p.User }
    }
    return @{ FullAccess = @($full); SendAs = @($sendAs); SendOnBehalf = @($Mailbox.GrantSendOnBehalfTo | Where-Object { $_ } | ForEach-Object { [string]$_ }) }
}

function Test-ChatOpsHasRight($Mailbox, $User, [string]$Right) {
    $rights = Get-ChatOpsMailboxRights $Mailbox
    switch ($Right) {
        'full-access' { return (@($rights.FullAccess) -contains (Get-ChatOpsUserKey $User)) }
        'send-as' { return (@($rights.SendAs) -contains (Get-ChatOpsUserKey $User)) }
        'send-on-behalf' { return (@($rights.SendOnBehalf) -contains [string]$User.Identity) }
    }
    return $false
}

function Set-ChatOpsRight($Mailbox, $User, [string]$Right, [bool]$Revoke) {
    $id = [string]$Mailbox.Guid
    $who = [string]$User.SamAccountName
    switch ($Right) {
        'full-access' {
            if ($Revoke) { Remove-MailboxPermission -Identity $id -User $who -AccessRights FullAccess -InheritanceType All -Confirm:$false }
            else { Add-MailboxPermission -Identity $id -User $who -AccessRights FullAccess -InheritanceType All -AutoMapping $true | Out-Null }
        }
        'send-as' {
            if ($Revoke) { Remove-ADPermission -Identity $id -User $who -ExtendedRights Send-As -Confirm:$false }
            else { Add-ADPermission -Identity $id -User $who -ExtendedRights Send-As | Out-Null }
        }
        'send-on-behalf' {
            if ($Revoke) { Set-Mailbox -Identity $id -GrantSendOnBehalfTo @{ Remove = [string]$User.Guid } }
            else { Set-Mailbox -Identity $id -GrantSendOnBehalfTo @{ Add = [string]$User.Guid } }
        }
    }
}
