<#
.SYNOPSIS
    Probe: are these mailboxes all in the group (or all out of it)? Read-only.
.PARAMETER Group
    The group, as a person typed it (name, alias or address); matched exactly.
.PARAMETER Members
    The mailboxes, as a person typed them.
.PARAMETER Remove
    $true: done when none is a member; $false: done when all are.
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
foreach ($member in $Members) {
    $isIn = $now -contains [string](Resolve-ChatOpsMailbox $member).Guid
    if ($isIn -eq $Remove) { return @{ done = $false } }
}
if ($Remove) { return @{ done = $true; detail = 'none of them is a member' } }
@{ done = $true; detail = 'all of them are members already' }
