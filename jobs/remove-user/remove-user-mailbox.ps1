<#
.SYNOPSIS
    Removes a mailbox: with its AD account (Remove-Mailbox, the guide's U4), or only the mailbox,
    keeping the account (Disable-Mailbox).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string]$Identity,
    [bool]$KeepAccount = $false
)
$m = Get-Mailbox -Identity $Identity
$removed = @{ Name = [string]$m.Name; PrimarySmtpAddress = [string]$m.PrimarySmtpAddress; EmailAddresses = @($m.EmailAddresses | ForEach-Object { [string]$_ }); AccountRemoved = (-not $KeepAccount) }
if ($KeepAccount) {
    Disable-Mailbox -Identity $Identity -Confirm:$false
} else {
    Remove-Mailbox -Identity $Identity -Confirm:$false
}
$removed
