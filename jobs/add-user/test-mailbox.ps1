<#
.SYNOPSIS
    Probe: does a mailbox with this alias exist? Read-only.
.PARAMETER Alias
    The Exchange alias (already checked against Exchange’s alias rules).
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][ValidateLength(1, 64)][string]$Alias)
$mailbox = @(Get-Mailbox -Identity $Alias -ErrorAction SilentlyContinue | Where-Object { $_.Alias -eq $Alias })
if ($mailbox.Count -eq 0) { return @{ done = $false } }
@{ done = $true; detail = "$($mailbox[0].Name) <$($mailbox[0].PrimarySmtpAddress)> exists" }
