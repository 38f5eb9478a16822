<#
.SYNOPSIS
    Where did that mail go? Message tracking (Get-MessageTrackingLog) for one address, grouped by
    message: each message's hops (received, routed, delivered, failed with the reason, sent out
    through a send connector), newest message first. Read-only.
.PARAMETER Address
    An SMTP address, or a mailbox's alias or name (then its primary address); matched exactly.
.PARAMETER Direction
    from: mail the address sent; to: mail it was sent; any: both.
.PARAMETER SinceMinutes
    How far back to look, in minutes.
.PARAMETER Subject
    Only messages whose subject contains this text (plain text, no wildcards).
.PARAMETER Limit
    At most this many messages.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidateLength(1, 256)][string]$Address,
    [ValidateSet('any', 'from', 'to')][string]$Direction = 'any',
    [ValidateRange(1, 43200)][int]$SinceMinutes = 1440,
    [ValidateLength(0, 255)][string]$Subject = '',
    [ValidateRange(1, 100)][int]$Limit = 20
)
. (Join-Path $PSScriptRoot '../common/exchange-helpers.ps1')
$smtp = $Address
if ($Address.IndexOf('@') -lt 0) { $smtp = [string](Resolve-ChatOpsMailbox $Address).PrimarySmtpAddress }
$start = (Get-Date).ToUniversalTime().AddMinutes(-$SinceMinutes)
$query = @{ Start = $start; End = (Get-Date).ToUniversalTime().AddMinutes(1); ResultSize = 'Unlimited' }
if ($Subject) { $query.MessageSubject = $Subject }
$entries = @()
if ($Direction -ne 'to') { $entries += @(Get-MessageTrackingLog @query -Sender $smtp) }
if ($Direction -ne 'from') { $entries += @(Get-MessageTrackingLog @query -Recipients $smtp) }
$byMessage = @{}
$order = @()
foreach ($e in $entries) {
    $key = [string]$e.MessageId
    if (-not $byMessage.ContainsKey($key)) { $byMessage[$key] = @{}; $order += $key }
    # The two queries overlap: one event once.
    $eventKey = ([DateTime]$e.Timestamp).ToUniversalTime().ToString('o') + '|' + [string]$e.EventId + '|' + (@($e.Recipients) -join ',')
    $byMessage[$key][$eventKey] = $e
}
$messages = @()
foreach ($key in $order) {
    $events = @($byMessage[$key].Values | Sort-Object { ([DateTime]$_.Timestamp).ToUniversalTime() })
    $first = $events[0]
    $messages += @{
        MessageId = $key; Subject = [string]$first.MessageSubject; Sender = [string]$first.Sender; Recipients = @($first.Recipients | ForEach-Object { [string]$_ })
        At = ([DateTime]$first.Timestamp).ToUniversalTime().ToString('o')
        Events = @($events | ForEach-Object { @{ At = ([DateTime]$_.Timestamp).ToUniversalTime().ToString('o'); EventId = [string]$_.EventId; Source = [string]$_.Source
                    Recipients = @($_.Recipients | ForEach-Object { [string]$_ }); Status = (@($_.RecipientStatus | Where-Object { $_ }) -join '; '); Connector = [string]$_.ConnectorId } })
    }
}
$sorted = @($messages | Sort-Object { $_.At } -Descending | Select-Object -First $Limit)
@{ Address = $smtp; Total = $messages.Count; Messages = $sorted }
