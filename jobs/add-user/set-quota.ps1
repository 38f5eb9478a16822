<#
.SYNOPSIS
    Sets a mailbox's own quotas. Exchange ignores them unless UseDatabaseQuotaDefaults is false.
.PARAMETER IssueWarningQuota
    Exchange's size syntax: "1932735283B", "2GB" or "Unlimited" (likewise the two others).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string]$Identity,
    [Parameter(Mandatory = $true)][ValidatePattern('^([0-9]+B|Unlimited)$')][string]$IssueWarningQuota,
    [Parameter(Mandatory = $true)][ValidatePattern('^([0-9]+B|Unlimited)$')][string]$ProhibitSendQuota,
    [Parameter(Mandatory = $true)][ValidatePattern('^([0-9]+B|Unlimited)$')][string]$ProhibitSendReceiveQuota
)
Set-Mailbox -Identity $Identity -UseDatabaseQuotaDefaults $false -IssueWarningQuota $IssueWarningQuota -ProhibitSendQuota $ProhibitSendQuota -ProhibitSendReceiveQuota $ProhibitSendReceiveQuota
@{ Identity = $Identity }
