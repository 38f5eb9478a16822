<#
.SYNOPSIS
    Gives a new user the template user's groups and quota (add-user --like): Add-ADGroupMember or
    Add-DistributionGroupMember for each group it is not in yet, and Set-Mailbox with the quotas.
.PARAMETER Identity
    The new user's alias.
.PARAMETER Like
    The template user, as a person typed it; matched exactly.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidateLength(1, 64)][string]$Identity,
    [Parameter(Mandatory = $true)][ValidateLength(1, 256)][string]$Like
)
. (Join-Path $PSScriptRoot '../common/exchange-helpers.ps1')
$t = Resolve-ChatOpsMailbox $Like
$m = Resolve-ChatOpsMailbox $Identity
$have = @(Get-ADPrincipalGroupMembership -Identity ([string]$m.SamAccountName) | ForEach-Object { [string]$_.Name })
$added = @()
foreach ($g in @(Get-ADPrincipalGroupMembership -Identity ([string]$t.SamAccountName))) {
    $name = [string]$g.Name
    if ($name -eq 'Domain Users' -or $have -contains $name) { continue }
    if ([string]$g.GroupCategory -eq 'Distribution') { Add-DistributionGroupMember -Identity $name -Member ([string]$m.Guid) -BypassSecurityGroupManagerCheck }
    else { Add-ADGroupMember -Identity $name -Members ([string]$m.SamAccountName) }
    $added += $name
}
if ([bool]$t.UseDatabaseQuotaDefaults) {
    Set-Mailbox -Identity ([string]$m.Guid) -UseDatabaseQuotaDefaults $true
} else {
    # By bytes ("2 GB (2,147,483,648 bytes)" -> 2147483648), so nothing is rounded; Unlimited stays.
    $quota = @{}
    foreach ($q in @('IssueWarningQuota', 'ProhibitSendQuota', 'ProhibitSendReceiveQuota')) {
        $bytes = ConvertTo-ChatOpsBytes $t.$q
        if ($null -eq $bytes) { $quota[$q] = 'Unlimited' } else { $quota[$q] = [string]$bytes }
    }
    Set-Mailbox -Identity ([string]$m.Guid) -UseDatabaseQuotaDefaults $false @quota
}
@{ Groups = @($added); UseDatabaseQuotaDefaults = [bool]$t.UseDatabaseQuotaDefaults; ProhibitSendReceiveQuota = [string]$t.ProhibitSendReceiveQuota }
