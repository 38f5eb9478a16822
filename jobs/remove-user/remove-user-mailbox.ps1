<#
.SYNOPSIS
    Removes a mailbox: with its AD account (Remove-Mailbox, the guide's U4), or only the mailbox,
    keeping the account (Disable-Mailbox).
.PARAMETER Identity
    The user as the requester named them (alias, name, sign-in name or address), compared exactly.
.PARAMETER KeepAccount
    True: disable the mailbox only and keep the AD account.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidateLength(1, 256)][string]$Identity,
    [bool]$KeepAccount = $false
)
. (Join-Path $PSScriptRoot '../common/exchange-helpers.ps1')
$m = Resolve-ChatOpsMailbox $Identity
$removed = @{ Name = [string]$m.Name; PrimarySmtpAddress = [string]$m.PrimarySmtpAddress; EmailAddresses = @($m.EmailAddresses | ForEach-Object { [string]$_ }); AccountRemoved = (-not $KeepAccount) }
if ($KeepAccount) {
    Disable-Mailbox -Identity ([string]$m.Guid) -Confirm:$false
} else {
    Remove-Mailbox -Identity ([string]$m.Guid) -Confirm:$false
}
$removed
