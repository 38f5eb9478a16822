<#
.SYNOPSIS
    Probe: is there no mailbox of that name any more? Read-only.
.PARAMETER Identity
    The user as the requester named them (alias, name, sign-in name or address), compared exactly.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][ValidateLength(1, 256)][string]$Identity)
. (Join-Path $PSScriptRoot '../common/exchange-helpers.ps1')
$m = @(Get-Mailbox -ResultSize Unlimited | Where-Object { Test-ChatOpsIdentity $_ $Identity })
if ($m.Count -eq 0) { return @{ done = $true; detail = 'the mailbox is gone' } }
@{ done = $false }
