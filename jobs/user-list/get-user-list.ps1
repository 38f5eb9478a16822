<#
.SYNOPSIS
    The mailboxes, with size and quota, optionally only those whose name, alias or address contains
    the filter text (a plain substring, never a wildcard or an OPATH filter). Read-only.
.PARAMETER Filter
    A plain piece of name, alias or address (not a wildcard); empty for all.
#>
[CmdletBinding()]
param([ValidateLength(0, 64)][string]$Filter = '')
. (Join-Path $PSScriptRoot '../common/exchange-helpers.ps1')
$rows = @()
foreach ($m in @(Get-Mailbox -ResultSize Unlimited)) {
    if ($Filter) {
        $hay = @([string]$m.Name, [string]$m.Alias, [string]$m.PrimarySmtpAddress) -join ' '
        if ($hay.IndexOf($Filter, [System.StringComparison]::OrdinalIgnoreCase) -lt 0) { continue }
    }
    $stats = Get-MailboxStatistics -Identity ([string]$m.Guid)
    $rows += , @{ Name = [string]$m.Name; Alias = [string]$m.Alias; PrimarySmtpAddress = [string]$m.PrimarySmtpAddress
        Size = ConvertTo-ChatOpsBytes $stats.TotalItemSize; Limit = ConvertTo-ChatOpsBytes $m.ProhibitSendReceiveQuota
        UseDatabaseQuotaDefaults = [bool]$m.UseDatabaseQuotaDefaults; StorageLimitStatus = [string]$stats.StorageLimitStatus }
}
@{ mailboxes = @($rows | Sort-Object { $_.Name }) }
