<#
.SYNOPSIS
    The offboarding's plan: the user's current state (recorded in the job before anything changes)
    and every change still to make, in order. Read-only, as -WhatIf would tell it.
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
$m = Resolve-ChatOpsMailbox $Identity
$state = Get-ChatOpsUserState $m
$changes = Get-ChatOpsOffboardChanges -Mailbox $m -State $state -ForwardTo $ForwardTo -KeepCopy $KeepCopy -Grant $Grant -Shared $Shared -Reply $Reply -Export $Export -Remove $Remove -ExportShare $ExportShare
@{ Name = [string]$m.Name; Alias = [string]$m.Alias; SamAccountName = [string]$m.SamAccountName; PrimarySmtpAddress = [string]$m.PrimarySmtpAddress
   UserPrincipalName = [string]$m.UserPrincipalName; Guid = [string]$m.Guid; Record = $state; Changes = $changes }
