<#
.SYNOPSIS
    Forwards a mailbox's mail to another mailbox (Set-Mailbox -ForwardingAddress, with
    -DeliverToMailboxAndForward to keep a copy), or stops forwarding.
.PARAMETER Identity
    The mailbox, as a person typed it (alias, name, sign-in name or address); matched exactly.
.PARAMETER ForwardTo
    The mailbox that gets the mail; empty: stop forwarding.
.PARAMETER KeepCopy
    Keep a copy in the mailbox too.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidateLength(1, 256)][string]$Identity,
    [ValidateLength(0, 256)][string]$ForwardTo = '',
    [bool]$KeepCopy = $false
)
. (Join-Path $PSScriptRoot '../common/exchange-helpers.ps1')
$m = Resolve-ChatOpsMailbox $Identity
$before = @{ ForwardingAddress = [string]$m.ForwardingAddress; DeliverToMailboxAndForward = [bool]$m.DeliverToMailboxAndForward }
if (-not $ForwardTo) {
    Set-Mailbox -Identity ([string]$m.Guid) -ForwardingAddress $null -DeliverToMailboxAndForward $false
    return @{ Name = [string]$m.Name; Before = $before; To = $null }
}
$to = Resolve-ChatOpsMailbox $ForwardTo
if ([string]$to.Guid -eq [string]$m.Guid) { throw "$($m.Name)'s mail cannot be forwarded to itself." }
Set-Mailbox -Identity ([string]$m.Guid) -ForwardingAddress ([string]$to.Guid) -DeliverToMailboxAndForward $KeepCopy
@{ Name = [string]$m.Name; Before = $before; To = [string]$to.Name; Address = [string]$to.PrimarySmtpAddress; KeepCopy = $KeepCopy }
