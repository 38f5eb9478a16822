<#
.SYNOPSIS
    What a restore would undo, from the state the offboarding recorded. Read-only.
.PARAMETER Identity
    The user to restore, as a person typed it (alias, name, sign-in name or address); matched exactly.
.PARAMETER Record
    The state the offboarding recorded before it changed anything (from its plan step).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidateLength(1, 256)][string]$Identity,
    [Parameter(Mandatory = $true)][hashtable]$Record
)
. (Join-Path $PSScriptRoot 'restore-helpers.ps1')
$m = Resolve-ChatOpsMailbox $Identity
$state = Get-ChatOpsUserState $m
@{ Name = [string]$m.Name; PrimarySmtpAddress = [string]$m.PrimarySmtpAddress; Before = $state; Changes = (Get-ChatOpsRestoreChanges -Mailbox $m -State $state -Record $Record) }
