<#
.SYNOPSIS
    Probe: are the mailbox's quota settings these ones? Read-only. Compared in bytes.
.PARAMETER Identity
    The user as the requester named them (alias, name, sign-in name or address), compared exactly.
.PARAMETER IssueWarningQuota
    The size at which the user is warned (bytes, or Unlimited).
.PARAMETER ProhibitSendQuota
    The limit past which the mailbox cannot send (bytes, or Unlimited).
.PARAMETER ProhibitSendReceiveQuota
    The hard limit (bytes, or Unlimited).
.PARAMETER UseDatabaseQuotaDefaults
    True: the mailbox follows the database’s quotas.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidateLength(1, 256)][string]$Identity,
    [Parameter(Mandatory = $true)][string]$IssueWarningQuota,
    [Parameter(Mandatory = $true)][string]$ProhibitSendQuota,
    [Parameter(Mandatory = $true)][string]$ProhibitSendReceiveQuota,
    [bool]$UseDatabaseQuotaDefaults = $false
)
. (Join-Path $PSScriptRoot '../common/exchange-helpers.ps1')
function ConvertFrom-Wanted([string]$Text) { if ($Text -eq 'Unlimited') { return $null }; return [long]($Text -replace 'B$', '') }
$mailbox = Resolve-ChatOpsMailbox $Identity
$wanted = @{ IssueWarningQuota = $IssueWarningQuota; ProhibitSendQuota = $ProhibitSendQuota; ProhibitSendReceiveQuota = $ProhibitSendReceiveQuota }
$done = ([bool]$mailbox.UseDatabaseQuotaDefaults -eq $UseDatabaseQuotaDefaults)
foreach ($name in $wanted.Keys) {
    if ((ConvertTo-ChatOpsBytes $mailbox.$name) -ne (ConvertFrom-Wanted $wanted[$name])) { $done = $false }
}
@{ done = $done; detail = "ProhibitSendReceiveQuota is $($mailbox.ProhibitSendReceiveQuota)" }
