<#
.SYNOPSIS
    What add-user --like copies from the template user: its OU, its groups (not Domain Users) and
    its quota. Read-only.
.PARAMETER Like
    The template user, as a person typed it (alias, name, sign-in name or address); matched exactly.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][ValidateLength(1, 256)][string]$Like)
. (Join-Path $PSScriptRoot '../common/exchange-helpers.ps1')
$t = Resolve-ChatOpsMailbox $Like
$groups = @()
foreach ($g in @(Get-ADPrincipalGroupMembership -Identity ([string]$t.SamAccountName))) {
    if ([string]$g.Name -ne 'Domain Users') { $groups += @{ Name = [string]$g.Name; GroupCategory = [string]$g.GroupCategory } }
}
@{
    Name = [string]$t.Name; PrimarySmtpAddress = [string]$t.PrimarySmtpAddress
    OrganizationalUnit = (([string]$t.DistinguishedName) -replace '^CN=(\\,|[^,])+,', '')
    Groups = @($groups)
    UseDatabaseQuotaDefaults = [bool]$t.UseDatabaseQuotaDefaults
    IssueWarningQuota = [string]$t.IssueWarningQuota; ProhibitSendQuota = [string]$t.ProhibitSendQuota; ProhibitSendReceiveQuota = [string]$t.ProhibitSendReceiveQuota
}
