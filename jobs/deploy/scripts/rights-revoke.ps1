<#
.SYNOPSIS
    Gives back the deployment's rights: removes the account the worker runs as from Schema Admins,
    Enterprise Admins and Organization Management, except the groups it held before the deployment.
.DESCRIPTION
    The deployment's last step, also run when the deployment fails or is cancelled. Organization
    Management is given back too when Exchange setup made the account a member during the run.
.PARAMETER Keep
    The groups the account held before the deployment (the first step's answer): left as they are.
#>
[CmdletBinding()]
param([string[]]$Keep = @())
$account = $env:USERNAME
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
