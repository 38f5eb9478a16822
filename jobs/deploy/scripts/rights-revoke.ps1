<#
.SYNOPSIS
    Gives back the deployment's rights: removes the account the worker runs as from Schema Admins,
    Enterprise Admins and Organization Management, except the groups it held before the deployment.
.DESCRIPTION
    The deployment's last step, also run when the deployment fails or is cancelled. Organization
    Management is given back too when Exchange setup made the account a member during the run.
.PARAMETER Keep
    The groups the account held before the deployment (the first step's answer): left as they are.
.PARAMETER Account
    The account the first step gave the rights to (its answer); empty: the account this script runs as.
#>
[CmdletBinding()]
param([string[]]$Keep = @(), [ValidatePattern('^([A-Za-z0-9][A-Za-z0-9._-]{0,19}[$]?)?$')][string]$Account = '')
# (PowerShell's names ignore case: $account is the parameter.)
if (-not $Account) { $Account = $env:USERNAME }
$account = $Account
$groups = @('Schema Admins', 'Enterprise Admins')
$organization = $true
try { Get-ADGroup -Identity 'Organization Management' | Out-Null } catch { $organization = $false }
if ($organization) { $groups += 'Organization Management' }
$removed = @()
foreach ($g in $groups) {
    if ($Keep -contains $g) { continue }
    if (@(Get-ADGroupMember -Identity $g | Where-Object { $_.SamAccountName -eq $account }).Count) {
        Remove-ADGroupMember -Identity $g -Members $account -Confirm:$false
        $removed += $g
    }
}
@{ account = $account; removed = $removed; kept = @($Keep) }
