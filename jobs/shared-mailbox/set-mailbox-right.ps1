<#
.SYNOPSIS
    Grants or revokes one right on a mailbox: Full Access (Add-/Remove-MailboxPermission), Send As
    (Add-/Remove-ADPermission -ExtendedRights Send-As, on premises) or Send on Behalf
    (Set-Mailbox -GrantSendOnBehalfTo).
.PARAMETER Mailbox
    The mailbox, as a person typed it; matched exactly.
.PARAMETER User
    Who gets (or loses) the right, as a person typed it; matched exactly.
.PARAMETER Right
    full-access, send-as or send-on-behalf.
.PARAMETER Revoke
    $true: take the right away; $false: give it.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidateLength(1, 256)][string]$Mailbox,
    [Parameter(Mandatory = $true)][ValidateLength(1, 256)][string]$User,
    [Parameter(Mandatory = $true)][ValidateSet('full-access', 'send-as', 'send-on-behalf')][string]$Right,
    [bool]$Revoke = $false
)
. (Join-Path $PSScriptRoot 'rights-helpers.ps1')
$m = Resolve-ChatOpsMailbox $Mailbox
$u = Resolve-ChatOpsMailbox $User
if ([string]$m.Guid -eq [string]$u.Guid) { throw "$($u.Name) owns $($m.Name): nothing to grant." }
$before = Get-ChatOpsMailboxRights $m
Set-ChatOpsRight $m $u $Right $Revoke
@{ Mailbox = [string]$m.Name; User = [string]$u.Name; Right = $Right; Revoked = $Revoke; Before = $before }
