<#
.SYNOPSIS
    Probe: is the mailbox (by its GUID) gone already? Read-only.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][string]$Identity)
$m = @(Get-Mailbox -Identity $Identity -ErrorAction SilentlyContinue)
if ($m.Count -eq 0) { return @{ done = $true; detail = 'the mailbox is gone' } }
@{ done = $false }
