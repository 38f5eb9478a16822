<#
.SYNOPSIS
    D7: InternalUrl = ExternalUrl = https://<mail host>/... on the OWA, ECP, ActiveSync, OAB (RequireSSL)
    and EWS (BasicAuthentication) virtual directories.
.PARAMETER MailHost
    The public mail host name, e.g. mail.contoso.com.
.PARAMETER Probe
    Only report whether the step is done ({done, detail}); change nothing.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][string]$MailHost, [switch]$Probe)
$base = "https://$MailHost"
$wanted = @{
    owa = "$base/owa"; ecp = "$base/ecp"; activesync = "$base/Microsoft-Server-ActiveSync"; oab = "$base/OAB"; ews = "$base/EWS/Exchange.asmx"
}
$current = @{
    owa = Get-OwaVirtualDirectory -Server $env:COMPUTERNAME; ecp = Get-EcpVirtualDirectory -Server $env:COMPUTERNAME
    activesync = Get-ActiveSyncVirtualDirectory -Server $env:COMPUTERNAME; oab = Get-OabVirtualDirectory -Server $env:COMPUTERNAME
    ews = Get-WebServicesVirtualDirectory -Server $env:COMPUTERNAME
}
$wrong = @($wanted.Keys | Where-Object { [string]$current[$_].ExternalUrl -ne $wanted[$_] -or [string]$current[$_].InternalUrl -ne $wanted[$_] })
if (-not [bool]$current.oab.RequireSSL) { $wrong += 'oab-ssl' }
if (-not [bool]$current.ews.BasicAuthentication) { $wrong += 'ews-basic' }
if ($Probe) { return @{ done = ($wrong.Count -eq 0); detail = "the URLs are $base/..." } }
Set-OwaVirtualDirectory -Identity ([string]$current.owa.Identity) -InternalUrl $wanted.owa -ExternalUrl $wanted.owa
Set-EcpVirtualDirectory -Identity ([string]$current.ecp.Identity) -InternalUrl $wanted.ecp -ExternalUrl $wanted.ecp
Set-ActiveSyncVirtualDirectory -Identity ([string]$current.activesync.Identity) -InternalUrl $wanted.activesync -ExternalUrl $wanted.activesync
Set-OabVirtualDirectory -Identity ([string]$current.oab.Identity) -InternalUrl $wanted.oab -ExternalUrl $wanted.oab -RequireSSL $true
Set-WebServicesVirtualDirectory -Identity ([string]$current.ews.Identity) -InternalUrl $wanted.ews -ExternalUrl $wanted.ews -BasicAuthentication $true
@{ changed = $wrong.Count }
