<#
.SYNOPSIS
    Makes one change of an offboarding: disable sign-in (and reset the password to a random one
    nobody sees), hide from the address lists, remove group memberships (Domain Users stays), forward
    mail, turn on automatic replies, convert to shared, give Full Access and Send As, export to PST
    (waiting for the request to complete), or remove the mailbox and account.
.PARAMETER Step
    The step: disable-sign-in, hide, groups, forward, auto-reply, shared, grant, export or remove.
.PARAMETER Identity
    The user leaving, as a person typed it (alias, name, sign-in name or address); matched exactly.
.PARAMETER ForwardTo
    Forward their mail to this user (empty: no forwarding asked).
.PARAMETER KeepCopy
    With ForwardTo: keep a copy in their mailbox too (DeliverToMailboxAndForward).
.PARAMETER Grant
    Give this user Full Access and Send As on the mailbox (empty: nobody).
.PARAMETER Shared
    Convert the mailbox to a shared mailbox.
.PARAMETER Reply
    Turn on automatic replies with this text (empty: none asked).
.PARAMETER Export
    Export the mailbox to a PST file on ExportShare.
.PARAMETER Remove
    Remove the mailbox and the account (after the export).
.PARAMETER ExportShare
    The UNC share PST files go to (the profile's export-share), like \\WSE\Exports.
.PARAMETER WaitSeconds
    How long the export may take before the step fails.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidateSet('disable-sign-in', 'hide', 'groups', 'forward', 'auto-reply', 'shared', 'grant', 'export', 'remove')][string]$Step,
    [Parameter(Mandatory = $true)][ValidateLength(1, 256)][string]$Identity,
    [ValidateLength(0, 256)][string]$ForwardTo = '',
    [bool]$KeepCopy = $false,
    [ValidateLength(0, 256)][string]$Grant = '',
    [bool]$Shared = $false,
    [ValidateLength(0, 4000)][string]$Reply = '',
    [bool]$Export = $false,
    [bool]$Remove = $false,
    [ValidateLength(0, 260)][string]$ExportShare = '',
    [ValidateRange(1, 86400)][int]$WaitSeconds = 3600
)
. (Join-Path $PSScriptRoot 'offboard-helpers.ps1')
$m = Resolve-ChatOpsMailbox $Identity
$id = [string]$m.Guid
$sam = [string]$m.SamAccountName
switch ($Step) {
    'disable-sign-in' {
        # The password first: once the account is disabled, the probe calls the step done.
        Set-ADAccountPassword -Identity $sam -Reset -NewPassword (New-ChatOpsRandomPassword)
        Disable-ADAccount -Identity $sam
        return @{ Name = [string]$m.Name }
    }
    'hide' {
        Set-Mailbox -Identity $id -HiddenFromAddressListsEnabled $true
        return @{ Name = [string]$m.Name }
    }
    'groups' {
        # What is left to remove now (a resumed step finds fewer); the plan recorded them all before.
        $removed = @()
        foreach ($g in @(Get-ADPrincipalGroupMembership -Identity $sam)) {
            if ([string]$g.Name -eq 'Domain Users') { continue }
            Remove-ADGroupMember -Identity ([string]$g.DistinguishedName) -Members $sam -Confirm:$false
            $removed += [string]$g.Name
        }
        return @{ Removed = @($removed) }
    }
    'forward' {
        $to = Resolve-ChatOpsMailbox $ForwardTo
        Set-Mailbox -Identity $id -ForwardingAddress ([string]$to.Guid) -DeliverToMailboxAndForward $KeepCopy
        return @{ To = [string]$to.Name; Address = [string]$to.PrimarySmtpAddress; KeepCopy = $KeepCopy }
    }
    'auto-reply' {
        Set-MailboxAutoReplyConfiguration -Identity $id -AutoReplyState Enabled -InternalMessage $Reply -ExternalMessage $Reply -ExternalAudience All
        return @{ Name = [string]$m.Name }
    }
    'shared' {
        Set-Mailbox -Identity $id -Type Shared
        return @{ Name = [string]$m.Name }
    }
    'grant' {
        $who = Resolve-ChatOpsMailbox $Grant
        $key = (Get-ADDomain).NetBIOSName + '\' + [string]$who.SamAccountName
        $state = Get-ChatOpsUserState $m
        if (@($state.FullAccess) -notcontains $key) { Add-MailboxPermission -Identity $id -User ([string]$who.SamAccountName) -AccessRights FullAccess -InheritanceType All -AutoMapping $true | Out-Null }
        if (@($state.SendAs) -notcontains $key) { Add-ADPermission -Identity $id -User ([string]$who.SamAccountName) -ExtendedRights Send-As | Out-Null }
        return @{ To = [string]$who.Name }
    }
    'export' {
        if (-not $ExportShare) { throw 'No export share is set: set export-share in the deployment profile (a UNC path like \WSE\Exports).' }
        $path = Get-ChatOpsExportPath $m $ExportShare
        $request = Get-ChatOpsExport $m
        if (-not $request) { $request = New-MailboxExportRequest -Mailbox $id -FilePath $path -Name $script:OffboardExportName }
        $deadline = (Get-Date).AddSeconds($WaitSeconds)
        while (@('Completed', 'Failed').IndexOf([string]$request.Status) -lt 0) {
            if ((Get-Date) -gt $deadline) { throw "The export of $($m.Name) to $path did not complete within $WaitSeconds s (it is $($request.Status), $($request.PercentComplete)%)." }
            Start-Sleep -Milliseconds 500
            $request = Get-ChatOpsExport $m
        }
        if ([string]$request.Status -eq 'Failed') { throw "The export of $($m.Name) to $path failed: $($request.Message). Nothing was removed." }
        return @{ FilePath = [string]$request.FilePath }
    }
    'remove' {
        $request = $null
        if ($Export) { $request = Get-ChatOpsExport $m }
        if ($Export -and (-not $request -or [string]$request.Status -ne 'Completed')) { throw "The export of $($m.Name) has not completed: nothing is removed." }
        Remove-Mailbox -Identity $id -Confirm:$false
        return @{ Name = [string]$m.Name; PrimarySmtpAddress = [string]$m.PrimarySmtpAddress }
    }
}
