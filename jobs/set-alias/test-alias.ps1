<#
.SYNOPSIS
    Probe: does the mailbox have this alias already? Read-only.
.PARAMETER Identity
    The user as the requester named them (alias, name, sign-in name or address), compared exactly.
.PARAMETER Alias
    The Exchange alias (already checked against Exchange’s alias rules).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidateLength(1, 256)][string]$Identity,
    [Parameter(Mandatory = $true)][ValidateLength(1, 64)][string]$Alias
)
. (Join-Path $PSScriptRoot '../common/exchange-helpers.ps1')
$m = @(Get-Mailbox -ResultSize Unlimited | Where-Object { (Test-ChatOpsIdentity $_ $Identity) -or $_.Alias -eq $Alias })
$done = ($m.Count -eq 1 -and [string]$m[0].Alias -ceq $Alias)
@{ done = $done; detail = "the alias is $Alias" }
