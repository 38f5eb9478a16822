<#
.SYNOPSIS
    Probe: does the new user have every group and the quota of the template? Read-only.
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
foreach ($g in @(Get-ADPrincipalGroupMembership -Identity ([string]$t.SamAccountName))) { if ($have -notcontains [string]$g.Name) { return @{ done = $false } } }
if ([bool]$m.UseDatabaseQuotaDefaults -ne [bool]$t.UseDatabaseQuotaDefaults) { return @{ done = $false } }
foreach ($q in @('IssueWarningQuota', 'ProhibitSendQuota', 'ProhibitSendReceiveQuota')) { if (-not $t.UseDatabaseQuotaDefaults -and [string]$m.$q -ne [string]$t.$q) { return @{ done = $false } } }
@{ done = $true; detail = 'the groups and quota are the template''s' }
