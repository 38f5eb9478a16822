<#
.SYNOPSIS
    Turns a mailbox's automatic replies on (Enabled, or Scheduled until EndTime) or off
    (Set-MailboxAutoReplyConfiguration). The same text goes to people inside and outside.
.PARAMETER Identity
    The mailbox, as a person typed it (alias, name, sign-in name or address); matched exactly.
.PARAMETER On
    $true: turn the replies on; $false: off (AutoReplyState Disabled).
.PARAMETER Message
    The reply's text (plain text; required with On).
.PARAMETER EndTime
    Optional ISO 8601 time (UTC) when the replies stop: AutoReplyState Scheduled from now until then.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidateLength(1, 256)][string]$Identity,
    [Parameter(Mandatory = $true)][bool]$On,
    [ValidateLength(0, 4000)][string]$Message = '',
    [ValidateLength(0, 40)][string]$EndTime = ''
)
. (Join-Path $PSScriptRoot '../common/exchange-helpers.ps1')
$m = Resolve-ChatOpsMailbox $Identity
$id = [string]$m.Guid
if (-not $On) {
    Set-MailboxAutoReplyConfiguration -Identity $id -AutoReplyState Disabled
    return @{ Name = [string]$m.Name; AutoReplyState = 'Disabled' }
}
if (-not $Message) { throw 'Automatic replies need a text.' }
if ($EndTime) {
    $end = [DateTime]::Parse($EndTime, [System.Globalization.CultureInfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::RoundtripKind).ToUniversalTime()
    Set-MailboxAutoReplyConfiguration -Identity $id -AutoReplyState Scheduled -StartTime ((Get-Date).ToUniversalTime()) -EndTime $end -InternalMessage $Message -ExternalMessage $Message -ExternalAudience All
    return @{ Name = [string]$m.Name; AutoReplyState = 'Scheduled'; EndTime = $end.ToString('o') }
}
Set-MailboxAutoReplyConfiguration -Identity $id -AutoReplyState Enabled -InternalMessage $Message -ExternalMessage $Message -ExternalAudience All
@{ Name = [string]$m.Name; AutoReplyState = 'Enabled' }
