<#
.SYNOPSIS
    Probe: is the mailbox's forwarding already as asked? Read-only.
.PARAMETER Identity
    The mailbox, as a person typed it (alias, name, sign-in name or address); matched exactly.
.PARAMETER ForwardTo
    The mailbox that should get the mail; empty: no forwarding.
.PARAMETER KeepCopy
    Whether a copy should stay in the mailbox.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidateLength(1, 256)][string]$Identity,
    [ValidateLength(0, 256)][string]$ForwardTo = '',
    [bool]$KeepCopy = $false
)
. (Join-Path $PSScriptRoot '../common/exchange-helpers.ps1')
$m = Resolve-ChatOpsMailbox $Identity
if (-not $ForwardTo) {
    if (-not $m.ForwardingAddress) { return @{ done = $true; detail = 'no forwarding is set' } }
    return @{ done = $false }
}
$to = Resolve-ChatOpsMailbox $ForwardTo
if ([string]$m.ForwardingAddress -eq [string]$to.Identity -and [bool]$m.DeliverToMailboxAndForward -eq $KeepCopy) { return @{ done = $true; detail = "already forwarding to $($to.Name)" } }
@{ done = $false }
