<#
.SYNOPSIS
    Probe: are the mailbox's own quotas these ones? Read-only.
.DESCRIPTION
    Quotas are compared in bytes, read from the "(N bytes)" part of how Exchange prints them,
    which is the same for live objects and for the strings of a remote session.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string]$Identity,
    [Parameter(Mandatory = $true)][string]$IssueWarningQuota,
    [Parameter(Mandatory = $true)][string]$ProhibitSendQuota,
    [Parameter(Mandatory = $true)][string]$ProhibitSendReceiveQuota
)
function ConvertTo-Bytes([string]$Text) {
    if ($Text -eq 'Unlimited') { return 'Unlimited' }
    $m = [regex]::Match($Text, '\(([0-9,]+) bytes\)')
    if ($m.Success) { return ($m.Groups[1].Value -replace ',', '') }
    return ($Text -replace 'B$', '')
}
$mailbox = Get-Mailbox -Identity $Identity
$wanted = @{ IssueWarningQuota = $IssueWarningQuota; ProhibitSendQuota = $ProhibitSendQuota; ProhibitSendReceiveQuota = $ProhibitSendReceiveQuota }
$done = -not [bool]$mailbox.UseDatabaseQuotaDefaults
foreach ($name in $wanted.Keys) {
    if ((ConvertTo-Bytes ([string]$mailbox.$name)) -ne (ConvertTo-Bytes $wanted[$name])) { $done = $false }
}
@{ done = $done; detail = "ProhibitSendReceiveQuota is $($mailbox.ProhibitSendReceiveQuota)" }
