<#
.SYNOPSIS
    Finds exactly one mailbox from what a person typed (alias, name, sign-in name or address); fails
    with the candidates when several match. Read-only.
.PARAMETER Identity
    The user as the requester named them (alias, name, sign-in name or address), compared exactly.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][ValidateLength(1, 256)][string]$Identity)
. (Join-Path $PSScriptRoot '../common/exchange-helpers.ps1')
$m = Resolve-ChatOpsMailbox $Identity
@{ Name = [string]$m.Name; Alias = [string]$m.Alias; PrimarySmtpAddress = [string]$m.PrimarySmtpAddress; Guid = [string]$m.Guid
   EmailAddresses = @($m.EmailAddresses | ForEach-Object { [string]$_ }) }
