<#
.SYNOPSIS
    Adds mailboxes to a distribution group, or removes them (Add-/Remove-DistributionGroupMember);
    members already there (or already gone) are left as they are.
.PARAMETER Group
    The group, as a person typed it (name, alias or address); matched exactly.
.PARAMETER Members
    The mailboxes, as a person typed them; each must match exactly one mailbox.
.PARAMETER Remove
    $true: remove them; $false: add them.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidateLength(1, 256)][string]$Group,
    [Parameter(Mandatory = $true)][string[]]$Members,
    [bool]$Remove = $false
)
. (Join-Path $PSScriptRoot 'group-helpers.ps1')
$g = Resolve-ChatOpsGroup $Group
$now = @(Get-ChatOpsGroupMembers $g | ForEach-Object { $_.Guid })
$changed = @(); $unchanged = @()
foreach ($member in $Members) {
    $m = Resolve-ChatOpsMailbox $member
    $isIn = $now -contains [string]$m.Guid
    if ($Remove -and $isIn) { Remove-DistributionGroupMember -Identity ([string]$g.Guid) -Member ([string]$m.Guid) -Confirm:$false -BypassSecurityGroupManagerCheck; $changed += [string]$m.Name }
    elseif (-not $Remove -and -not $isIn) { Add-DistributionGroupMember -Identity ([string]$g.Guid) -Member ([string]$m.Guid) -BypassSecurityGroupManagerCheck; $changed += [string]$m.Name }
    else { $unchanged += [string]$m.Name }
}
@{ Group = [string]$g.Name; Changed = @($changed); Unchanged = @($unchanged) }
