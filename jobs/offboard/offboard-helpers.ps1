<#
.SYNOPSIS
    Helpers the offboard and restore scripts dot-source: a user's current state, read-only, and
    the list of changes an offboarding would make from it (the plan, the probes and the approval
    card all come from this one function, the way -WhatIf would tell it).
#>

. (Join-Path $PSScriptRoot '../common/exchange-helpers.ps1')

$script:OffboardExportName = 'Offboarding'

function Get-ChatOpsUserState {
    <# Sign-in, groups, address lists, forwarding, automatic replies, type and permissions. Read-only. #>
    param([Parameter(Mandatory = $true)]$Mailbox)
    $sam = [string]$Mailbox.SamAccountName
    $ad = Get-ADUser -Identity $sam -Properties LockedOut, MemberOf
    $groups = @()
    foreach ($g in @(Get-ADPrincipalGroupMembership -Identity $sam)) {
        if ([string]$g.Name -ne 'Domain Users') { $groups += @{ Name = [string]$g.Name; GroupCategory = [string]$g.GroupCategory } }
    }
    $reply = Get-MailboxAutoReplyConfiguration -Identity ([string]$Mailbox.Guid)
    $fullAccess = @()
    foreach ($p in @(Get-MailboxPermission -Identity ([string]$Mailbox.Guid))) {
        if (-not $p.IsInherited -and -not $p.Deny -and [string]$p.User -ne 'NT AUTHORITY\SELF' -and @($p.AccessRights) -contains 'FullAccess') { $fullAccess += [string]$p.User }
    }
    $sendAs = @()
    foreach ($p in @(Get-ADPermission -Identity ([string]$Mailbox.Guid))) {
        if (-not $p.IsInherited -and -not $p.Deny -and @($p.ExtendedRights) -contains 'Send-As') { $sendAs += [string]$p.User }
    }
    $end = $null
    if ($reply.EndTime) { $end = ([DateTime]$reply.EndTime).ToUniversalTime().ToString('o') }
    $forward = $null
    if ($Mailbox.ForwardingAddress) { $forward = [string]$Mailbox.ForwardingAddress }
    return @{
        Enabled = [bool]$ad.Enabled; LockedOut = [bool]$ad.LockedOut
        HiddenFromAddressListsEnabled = [bool]$Mailbox.HiddenFromAddressListsEnabled
        Groups = @($groups)
        ForwardingAddress = $forward; DeliverToMailboxAndForward = [bool]$Mailbox.DeliverToMailboxAndForward
        AutoReplyState = [string]$reply.AutoReplyState; InternalMessage = [string]$reply.InternalMessage; ExternalMessage = [string]$reply.ExternalMessage; EndTime = $end
        RecipientTypeDetails = [string]$Mailbox.RecipientTypeDetails
        FullAccess = @($fullAccess); SendAs = @($sendAs)
    }
}

function Get-ChatOpsCanonicalName($Recipient) {
    # How Exchange shows a recipient in ForwardingAddress: its canonical name.
    if ($Recipient.Identity) { return [string]$Recipient.Identity }
    return [string]$Recipient.Name
}

function Get-ChatOpsExport($Mailbox) {
    try {
        $found = @(Get-MailboxExportRequest -Mailbox ([string]$Mailbox.Guid) -Name $script:OffboardExportName)
    } catch {
        # Exchange hides the export cmdlets from an administrator without the role.
        if ([string]$_.FullyQualifiedErrorId -notlike 'CommandNotFoundException*') { throw }
        throw "$($_.Exception.Message) Exporting to PST needs the Mailbox Import Export role: New-ManagementRoleAssignment -Role 'Mailbox Import Export' -User <the account the worker runs as>, then open a new Exchange Management Shell."
    }
    if ($found.Count -eq 0) { return $null }
    return $found[0]
}

function Get-ChatOpsOffboardChanges {
    <# The changes still to make, in order; an empty list when the user is offboarded as asked. #>
    param(
        [Parameter(Mandatory = $true)]$Mailbox,
        [Parameter(Mandatory = $true)]$State,
        [string]$ForwardTo, [bool]$KeepCopy, [string]$Grant, [bool]$Shared, [string]$Reply, [bool]$Export, [bool]$Remove, [string]$ExportShare
    )
    $changes = @()
    if ($State.Enabled) { $changes += @{ id = 'disable-sign-in' } }
    if (-not $State.HiddenFromAddressListsEnabled) { $changes += @{ id = 'hide' } }
    if (@($State.Groups).Count -gt 0) { $changes += @{ id = 'groups'; groups = @($State.Groups | ForEach-Object { $_.Name }) } }
    if ($ForwardTo) {
        $to = Resolve-ChatOpsMailbox $ForwardTo
        if ([string]$to.Guid -eq [string]$Mailbox.Guid) { throw "$ForwardTo is the mailbox being offboarded: its mail cannot be forwarded to itself." }
        if ($State.ForwardingAddress -ne (Get-ChatOpsCanonicalName $to) -or $State.DeliverToMailboxAndForward -ne $KeepCopy) {
            $changes += @{ id = 'forward'; to = [string]$to.Name; address = [string]$to.PrimarySmtpAddress; keepCopy = $KeepCopy }
        }
    }
    if ($Reply) {
        if ($State.AutoReplyState -ne 'Enabled' -or $State.InternalMessage -ne $Reply -or $State.ExternalMessage -ne $Reply) { $changes += @{ id = 'auto-reply'; text = $Reply } }
    }
    if ($Shared -and $State.RecipientTypeDetails -ne 'SharedMailbox') { $changes += @{ id = 'shared' } }
    if ($Grant) {
        $who = Resolve-ChatOpsMailbox $Grant
        if ([string]$who.Guid -eq [string]$Mailbox.Guid) { throw "$Grant is the mailbox being offboarded: name the person who takes it over." }
        $key = (Get-ADDomain).NetBIOSName + '\' + [string]$who.SamAccountName
        if (@($State.FullAccess) -notcontains $key -or @($State.SendAs) -notcontains $key) { $changes += @{ id = 'grant'; to = [string]$who.Name; address = [string]$who.PrimarySmtpAddress } }
    }
    if ($Export) {
        $request = Get-ChatOpsExport $Mailbox
        if (-not $request -or [string]$request.Status -ne 'Completed') { $changes += @{ id = 'export'; path = (Get-ChatOpsExportPath $Mailbox $ExportShare) } }
    }
    if ($Remove) { $changes += @{ id = 'remove' } }
    return , @($changes)
}

function Get-ChatOpsExportPath($Mailbox, [string]$ExportShare) {
    return ($ExportShare.TrimEnd('\') + '\' + [string]$Mailbox.Alias + '.pst')
}

function New-ChatOpsRandomPassword {
    <# A long random password nobody sees: it never leaves this shell. #>
    $bytes = New-Object byte[] 32
    $rng = [System.Security.Cryptography.RandomNumberGenerator]::Create()
    $rng.GetBytes($bytes)
    $rng.Dispose()
    $text = [System.Convert]::ToBase64String($bytes) -replace '[+/=]', ''
    return (ConvertTo-SecureString ('Ob!' + $text + '9a') -AsPlainText -Force)
}
