<#
.SYNOPSIS
    Undoes one part of an offboarding, back to the recorded state: the mailbox type, sign-in (with a
    new password the requester gets privately, to be changed at the next sign-in), the address
    lists, group memberships, forwarding, automatic replies.
.PARAMETER Step
    The step: type, sign-in, unhide, groups, forward or auto-reply.
.PARAMETER Identity
    The user to restore, as a person typed it (alias, name, sign-in name or address); matched exactly.
.PARAMETER Record
    The state the offboarding recorded before it changed anything (from its plan step).
.PARAMETER Password
    For sign-in only: made on the worker for this run, sent privately to the requester.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidateSet('type', 'sign-in', 'unhide', 'groups', 'forward', 'auto-reply')][string]$Step,
    [Parameter(Mandatory = $true)][ValidateLength(1, 256)][string]$Identity,
    [Parameter(Mandatory = $true)][hashtable]$Record,
    [string]$Password = ''
)
. (Join-Path $PSScriptRoot 'restore-helpers.ps1')
$m = Resolve-ChatOpsMailbox $Identity
$id = [string]$m.Guid
$sam = [string]$m.SamAccountName
switch ($Step) {
    'type' { Set-Mailbox -Identity $id -Type Regular; return @{ RecipientTypeDetails = 'UserMailbox' } }
    'sign-in' {
        if (-not $Password) { throw 'sign-in needs the new password the worker makes.' }
        $secure = ConvertTo-SecureString $Password -AsPlainText -Force
        $Password = $null
        Set-ADAccountPassword -Identity $sam -Reset -NewPassword $secure
        Set-ADUser -Identity $sam -ChangePasswordAtLogon $true
        Enable-ADAccount -Identity $sam
        return @{ Name = [string]$m.Name; PrimarySmtpAddress = [string]$m.PrimarySmtpAddress; UserPrincipalName = [string]$m.UserPrincipalName }
    }
    'unhide' { Set-Mailbox -Identity $id -HiddenFromAddressListsEnabled ([bool]$Record.HiddenFromAddressListsEnabled); return @{ Hidden = [bool]$Record.HiddenFromAddressListsEnabled } }
    'groups' {
        $now = @((Get-ChatOpsUserState $m).Groups | ForEach-Object { $_.Name })
        $added = @()
        foreach ($g in @($Record.Groups)) {
            if (-not $g -or $now -contains [string]$g.Name) { continue }
            if ([string]$g.GroupCategory -eq 'Distribution') { Add-DistributionGroupMember -Identity ([string]$g.Name) -Member $id -BypassSecurityGroupManagerCheck }
            else { Add-ADGroupMember -Identity ([string]$g.Name) -Members $sam }
            $added += [string]$g.Name
        }
        return @{ Added = @($added) }
    }
    'forward' {
        if ($Record.ForwardingAddress) {
            Set-Mailbox -Identity $id -ForwardingAddress ([string]$Record.ForwardingAddress) -DeliverToMailboxAndForward ([bool]$Record.DeliverToMailboxAndForward)
            return @{ To = [string]$Record.ForwardingAddress }
        }
        Set-Mailbox -Identity $id -ForwardingAddress $null -DeliverToMailboxAndForward $false
        return @{ To = $null }
    }
    'auto-reply' {
        $state = 'Disabled'
        if ($Record.AutoReplyState) { $state = [string]$Record.AutoReplyState }
        if ($state -eq 'Disabled') { Set-MailboxAutoReplyConfiguration -Identity $id -AutoReplyState Disabled }
        else { Set-MailboxAutoReplyConfiguration -Identity $id -AutoReplyState $state -InternalMessage ([string]$Record.InternalMessage) -ExternalMessage ([string]$Record.ExternalMessage) }
        return @{ AutoReplyState = $state }
    }
}
