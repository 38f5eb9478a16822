<#
.SYNOPSIS
    D10: "WSE Internet SendConnector" for all domains (SMTP:*;1), DNS routing, external DNS.
.PARAMETER Probe
    Only report whether the step is done ({done, detail}); change nothing.
#>
[CmdletBinding()]
param([switch]$Probe)
$done = @(Get-SendConnector | Where-Object { [string]$_.Name -eq 'WSE Internet SendConnector' }).Count -gt 0
if ($Probe) { return @{ done = $done; detail = 'mail to the internet goes out through WSE Internet SendConnector' } }
if (-not $done) {
    New-SendConnector -Name 'WSE Internet SendConnector' -AddressSpaces 'SMTP:*;1' -DNSRoutingEnabled $true -UseExternalDNSServersEnabled $true -SourceTransportServers $env:COMPUTERNAME -Usage Internet
}
@{ connector = 'WSE Internet SendConnector' }
