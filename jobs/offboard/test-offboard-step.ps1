<#
.SYNOPSIS
    Probe: is this step of the offboarding done (no change of its kind left in the plan)? Read-only.
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
    [ValidateLength(0, 260)][string]$ExportShare = ''
)
. (Join-Path $PSScriptRoot 'offboard-helpers.ps1')
if ($Step -eq 'remove') {
    $left = @(Get-Mailbox -ResultSize Unlimited | Where-Object { Test-ChatOpsIdentity $_ $Identity })
    if ($left.Count -eq 0) { return @{ done = $true; detail = 'the mailbox and account are gone' } }
    return @{ done = $false }
}
$m = Resolve-ChatOpsMailbox $Identity
$state = Get-ChatOpsUserState $m
$changes = Get-ChatOpsOffboardChanges -Mailbox $m -State $state -ForwardTo $ForwardTo -KeepCopy $KeepCopy -Grant $Grant -Shared $Shared -Reply $Reply -Export $Export -Remove $false -ExportShare $ExportShare
$left = @($changes | Where-Object { $_.id -eq $Step })
if ($left.Count -eq 0) { return @{ done = $true } }
@{ done = $false }
