<#
.SYNOPSIS
    Helpers the restore scripts dot-source: what is still to undo, from the state an offboarding
    recorded (sign-in, address lists, groups, forwarding, automatic replies, mailbox type). Read-only.
#>

. (Join-Path $PSScriptRoot '../offboard/offboard-helpers.ps1')

function Get-ChatOpsRestoreChanges {
    param([Parameter(Mandatory = $true)]$Mailbox, [Parameter(Mandatory = $true)]$State, [Parameter(Mandatory = $true)][hashtable]$Record)
    $changes = @()
    if ([string]$Record.RecipientTypeDetails -eq 'UserMailbox' -and $State.RecipientTypeDetails -ne 'UserMailbox') { $changes += @{ id = 'type' } }
    if ([bool]$Record.Enabled -and -not $State.Enabled) { $changes += @{ id = 'sign-in' } }
    if ([bool]$Record.HiddenFromAddressListsEnabled -ne [bool]$State.HiddenFromAddressListsEnabled) { $changes += @{ id = 'unhide' } }
    $now = @($State.Groups | ForEach-Object { $_.Name })
    $missing = @(@($Record.Groups) | Where-Object { $_ -and $now -notcontains [string]$_.Name } | ForEach-Object { [string]$_.Name })
    if ($missing.Count -gt 0) { $changes += @{ id = 'groups'; groups = @($missing) } }
    $wantForward = $null
    if ($Record.ForwardingAddress) { $wantForward = [string]$Record.ForwardingAddress }
    if ($State.ForwardingAddress -ne $wantForward -or ($wantForward -and [bool]$State.DeliverToMailboxAndForward -ne [bool]$Record.DeliverToMailboxAndForward)) { $changes += @{ id = 'forward'; to = $wantForward } }
    $wantReply = 'Disabled'
    if ($Record.AutoReplyState) { $wantReply = [string]$Record.AutoReplyState }
    if ($State.AutoReplyState -ne $wantReply -or ($wantReply -ne 'Disabled' -and $State.InternalMessage -ne [string]$Record.InternalMessage)) { $changes += @{ id = 'auto-reply'; state = $wantReply } }
    return , @($changes)
}
