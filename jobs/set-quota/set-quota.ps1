<#
.SYNOPSIS
    Sets a mailbox's own quotas, or (UseDatabaseQuotaDefaults) hands it back to the database's.
.DESCRIPTION
    Exchange ignores a mailbox's own quotas unless UseDatabaseQuotaDefaults is false. Sizes are
    Exchange's syntax: "1932735283B" or "Unlimited".
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
    [Parameter(Mandatory = $true)][ValidatePattern('^([0-9]+B|Unlimited)$')][string]$IssueWarningQuota,
    [Parameter(Mandatory = $true)][ValidatePattern('^([0-9]+B|Unlimited)$')][string]$ProhibitSendQuota,
    [Parameter(Mandatory = $true)][ValidatePattern('^([0-9]+B|Unlimited)$')][string]$ProhibitSendReceiveQuota,
    [bool]$UseDatabaseQuotaDefaults = $false
)
. (Join-Path $PSScriptRoot '../common/exchange-helpers.ps1')
$mailbox = Resolve-ChatOpsMailbox $Identity
Set-Mailbox -Identity ([string]$mailbox.Guid) -UseDatabaseQuotaDefaults $UseDatabaseQuotaDefaults -IssueWarningQuota $IssueWarningQuota -ProhibitSendQuota $ProhibitSendQuota -ProhibitSendReceiveQuota $ProhibitSendReceiveQuota
@{ Name = [string]$mailbox.Name }
