<#
.SYNOPSIS
    Probe: does the user have the right (or, for a revoke, not any more)? Read-only.
.PARAMETER Mailbox
    The mailbox, as a person typed it; matched exactly.
.PARAMETER User
    The user, as a person typed it; matched exactly.
.PARAMETER Right
    full-access, send-as or send-on-behalf.
.PARAMETER Revoke
    $true: done when the user does not have it.
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
$has = Test-ChatOpsHasRight $m $u $Right
if ($has -ne $Revoke) {
    if ($Revoke) { return @{ done = $true; detail = "$($u.Name) does not have $Right" } }
    return @{ done = $true; detail = "$($u.Name) has $Right already" }
}
@{ done = $false }
