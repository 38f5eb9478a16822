<#
.SYNOPSIS
    Everything the user card shows: names, addresses, quotas, size (Get-MailboxStatistics), and the
    guide's ActiveSync check (a protected account: adminCount = 1 with inheritance turned off).
    Read-only.
.PARAMETER Identity
    The user as the requester named them (alias, name, sign-in name or address), compared exactly.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][ValidateLength(1, 256)][string]$Identity)
. (Join-Path $PSScriptRoot '../common/exchange-helpers.ps1')
$m = Resolve-ChatOpsMailbox $Identity
$stats = Get-MailboxStatistics -Identity ([string]$m.Guid)
$protected = $false
$adminCount = 0
$groups = @()
try {
    $ad = Get-ADUser -Identity ([string]$m.SamAccountName) -Properties adminCount, nTSecurityDescriptor, MemberOf
    $adminCount = [int]$ad.adminCount
    $protected = ($adminCount -eq 1) -and [bool]$ad.nTSecurityDescriptor.AreAccessRulesProtected
    $groups = @($ad.MemberOf | ForEach-Object { ([string]$_ -replace '^CN=([^,]+),.*$', '$1') })
} catch {
    $groups = @('(Active Directory did not answer: ' + $_.Exception.Message + ')')
}
@{
    Name = [string]$m.Name; DisplayName = [string]$m.DisplayName; Alias = [string]$m.Alias
    UserPrincipalName = [string]$m.UserPrincipalName; PrimarySmtpAddress = [string]$m.PrimarySmtpAddress
    EmailAddresses = @($m.EmailAddresses | ForEach-Object { [string]$_ })
    UseDatabaseQuotaDefaults = [bool]$m.UseDatabaseQuotaDefaults
    IssueWarningQuota = ConvertTo-ChatOpsBytes $m.IssueWarningQuota
    ProhibitSendQuota = ConvertTo-ChatOpsBytes $m.ProhibitSendQuota
    ProhibitSendReceiveQuota = ConvertTo-ChatOpsBytes $m.ProhibitSendReceiveQuota
    TotalItemSize = ConvertTo-ChatOpsBytes $stats.TotalItemSize
    ItemCount = [int]$stats.ItemCount
    StorageLimitStatus = [string]$stats.StorageLimitStatus
    AdminCount = $adminCount; ProtectedAccount = $protected; Groups = @($groups)
}
