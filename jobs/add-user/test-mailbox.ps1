<#
.SYNOPSIS
    Probe: does a mailbox with this alias exist? Read-only. Says which one (its objectGUID and when
    it was made), so the job can tell the mailbox it created from somebody else's.
.PARAMETER Alias
    The Exchange alias (already checked against Exchange’s alias rules).
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][ValidateLength(1, 64)][string]$Alias)
$mailbox = @(Get-Mailbox -ResultSize Unlimited | Where-Object { [string]::Equals([string]$_.Alias, $Alias, [System.StringComparison]::OrdinalIgnoreCase) })
if ($mailbox.Count -eq 0) { return @{ done = $false } }
@{ done = $true; detail = "$($mailbox[0].Name) <$($mailbox[0].PrimarySmtpAddress)> exists"; id = [string]$mailbox[0].Guid; createdAt = ([datetime]$mailbox[0].WhenCreated).ToUniversalTime().ToString('o') }
