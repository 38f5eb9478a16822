<#
.SYNOPSIS
    Finds exactly one mailbox by alias, name, sign-in name or address; fails with the candidates
    when the name is ambiguous. Read-only.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][ValidateLength(1, 256)][string]$Identity)
$found = @(Get-Recipient -Identity $Identity -ErrorAction SilentlyContinue)
if ($found.Count -eq 0) {
    throw "No mailbox is named $Identity (by alias, name, sign-in name or address)."
}
if ($found.Count -gt 1) {
    $names = ($found | ForEach-Object { "$($_.Name) <$($_.PrimarySmtpAddress)>" }) -join ', '
    throw "$Identity matches several mailboxes: $names. Name one by its address."
}
$m = $found[0]
@{ Name = [string]$m.Name; Alias = [string]$m.Alias; PrimarySmtpAddress = [string]$m.PrimarySmtpAddress; Guid = [string]$m.Guid
   EmailAddresses = @($m.EmailAddresses | ForEach-Object { [string]$_ }) }
