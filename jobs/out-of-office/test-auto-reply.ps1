<#
.SYNOPSIS
    Probe: are the mailbox's automatic replies already as asked? Read-only.
.PARAMETER Identity
    The mailbox, as a person typed it (alias, name, sign-in name or address); matched exactly.
.PARAMETER On
    $true: replies on with Message (until EndTime, if given); $false: off.
.PARAMETER Message
    The reply's text.
.PARAMETER EndTime
    Optional ISO 8601 time (UTC) when the replies stop.
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
$c = Get-MailboxAutoReplyConfiguration -Identity ([string]$m.Guid)
$state = [string]$c.AutoReplyState
if (-not $On) {
    if ($state -eq 'Disabled') { return @{ done = $true; detail = 'automatic replies are off' } }
    return @{ done = $false }
}
$want = 'Enabled'
if ($EndTime) { $want = 'Scheduled' }
$sameEnd = $true
if ($EndTime) {
    $end = [DateTime]::Parse($EndTime, [System.Globalization.CultureInfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::RoundtripKind).ToUniversalTime()
    $sameEnd = ($null -ne $c.EndTime) -and ([Math]::Abs((([DateTime]$c.EndTime).ToUniversalTime() - $end).TotalSeconds) -lt 1)
}
if ($state -eq $want -and [string]$c.InternalMessage -eq $Message -and [string]$c.ExternalMessage -eq $Message -and $sameEnd) { return @{ done = $true; detail = 'automatic replies are already on with this text' } }
@{ done = $false }
