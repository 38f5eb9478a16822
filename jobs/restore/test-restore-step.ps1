<#
.SYNOPSIS
    Probe: is this part of the restore done (nothing of its kind left to undo)? Read-only.
.PARAMETER Step
    The step: type, sign-in, unhide, groups, forward or auto-reply.
.PARAMETER Identity
    The user to restore, as a person typed it (alias, name, sign-in name or address); matched exactly.
.PARAMETER Record
    The state the offboarding recorded before it changed anything (from its plan step).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidateSet('type', 'sign-in', 'unhide', 'groups', 'forward', 'auto-reply')][string]$Step,
    [Parameter(Mandatory = $true)][ValidateLength(1, 256)][string]$Identity,
    [Parameter(Mandatory = $true)][hashtable]$Record
)
. (Join-Path $PSScriptRoot 'restore-helpers.ps1')
$m = Resolve-ChatOpsMailbox $Identity
$changes = Get-ChatOpsRestoreChanges -Mailbox $m -State (Get-ChatOpsUserState $m) -Record $Record
if (@($changes | Where-Object { $_.id -eq $Step }).Count -eq 0) { return @{ done = $true; detail = 'as recorded already' } }
@{ done = $false }
