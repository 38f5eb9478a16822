<#
.SYNOPSIS
    Changes a mailbox's alias. The address policy gives it a new primary address; the old primary
    address stays as a secondary one, so no mail is lost.
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
$m = Resolve-ChatOpsMailbox $Identity
$old = [string]$m.PrimarySmtpAddress
Set-Mailbox -Identity ([string]$m.Guid) -Alias $Alias -EmailAddressPolicyEnabled $true
$after = Get-Mailbox -Identity ([string]$m.Guid)
$kept = @($after.EmailAddresses | Where-Object { ([string]$_ -replace '^(?i)smtp:', '') -eq $old })
if ($kept.Count -eq 0) {
    Set-Mailbox -Identity ([string]$m.Guid) -EmailAddresses @{ Add = ('smtp:' + $old) }
    $after = Get-Mailbox -Identity ([string]$m.Guid)
}
@{ Name = [string]$after.Name; OldAddress = $old; PrimarySmtpAddress = [string]$after.PrimarySmtpAddress; EmailAddresses = @($after.EmailAddresses | ForEach-Object { [string]$_ }) }
