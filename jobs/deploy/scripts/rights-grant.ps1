<#
.SYNOPSIS
    The deployment's rights, for its duration: adds the account the worker runs as to Schema
    Admins and Enterprise Admins (Exchange setup extends the schema and prepares the forest), and
    to Organization Management where Exchange has made that group (the configuration steps).
.DESCRIPTION
    Runs on the domain controller, after an approval. Organization Management is a universal
    security group that Exchange setup (/PrepareAD) creates and fills with the account running it;
    on a fresh server it does not exist yet, and setup itself makes the account a member. The
    bot's standing Exchange roles hold no Role Management, which Add-RoleGroupMember needs, so the
    membership is set in Active Directory (as an Enterprise Admin may), where Exchange reads it.
    Answers which of the groups the account held before, so the last step gives back only what
    the deployment added.
.PARAMETER Account
    The account the worker runs as on the Exchange server (the guard's answer), as Active Directory
    names it (a gMSA ends in $); empty: the account this script runs as.
#>
[CmdletBinding()]
param([ValidatePattern('^([A-Za-z0-9][A-Za-z0-9._-]{0,19}[$]?)?$')][string]$Account = '')
# (PowerShell's names ignore case: $account is the parameter.)
if (-not $Account) { $Account = $env:USERNAME }
$account = $Account
$groups = @('Schema Admins', 'Enterprise Admins')
$organization = $true
try { Get-ADGroup -Identity 'Organization Management' | Out-Null } catch { $organization = $false }
if ($organization) { $groups += 'Organization Management' }
$held = @()
foreach ($g in $groups) {
    if (@(Get-ADGroupMember -Identity $g | Where-Object { $_.SamAccountName -eq $account }).Count) { $held += $g }
}
$added = @()
foreach ($g in $groups) {
    if ($held -contains $g) { continue }
    Add-ADGroupMember -Identity $g -Members $account
    $added += $g
}
@{ account = $account; held = $held; added = $added; organizationManagement = $organization }
