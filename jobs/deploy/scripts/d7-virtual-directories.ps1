<#
.SYNOPSIS
    D7: InternalUrl = ExternalUrl = https://<mail host>/... on the OWA, ECP, ActiveSync, OAB (RequireSSL)
    and EWS (BasicAuthentication) virtual directories, and from Exchange 2016 on the MAPI over HTTP one
    (on by default there; Outlook Anywhere stays as the fallback).
.PARAMETER MailHost
    The public mail name, e.g. mail.contoso.com.
.PARAMETER ExchangeVersion
    2010, 2013, 2016, 2019 or SE (MAPI over HTTP from 2016).
.PARAMETER Probe
    Only say whether the URLs are set ({done, detail}). Read-only.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][string]$MailHost, [ValidateSet('2010', '2013', '2016', '2019', 'SE')][string]$ExchangeVersion = '2013', [switch]$Probe)
$base = "https://$MailHost"
$mapi = @('2016', '2019', 'SE') -contains $ExchangeVersion
$wanted = @{
    owa = "$base/owa"; ecp = "$base/ecp"; activesync = "$base/Microsoft-Server-ActiveSync"; oab = "$base/OAB"; ews = "$base/EWS/Exchange.asmx"
}
$current = @{
    owa = Get-OwaVirtualDirectory -Server $env:COMPUTERNAME; ecp = Get-EcpVirtualDirectory -Server $env:COMPUTERNAME
    activesync = Get-ActiveSyncVirtualDirectory -Server $env:COMPUTERNAME; oab = Get-OabVirtualDirectory -Server $env:COMPUTERNAME
    ews = Get-WebServicesVirtualDirectory -Server $env:COMPUTERNAME
}
if ($mapi) { $wanted.mapi = "$base/mapi"; $current.mapi = Get-MapiVirtualDirectory -Server $env:COMPUTERNAME }
$wrong = @($wanted.Keys | Where-Object { [string]$current[$_].ExternalUrl -ne $wanted[$_] -or [string]$current[$_].InternalUrl -ne $wanted[$_] })
if (-not [bool]$current.oab.RequireSSL) { $wrong += 'oab-ssl' }
if (-not [bool]$current.ews.BasicAuthentication) { $wrong += 'ews-basic' }
if ($Probe) { return @{ done = ($wrong.Count -eq 0); detail = "the URLs are $base/..." } }
Set-OwaVirtualDirectory -Identity ([string]$current.owa.Identity) -InternalUrl $wanted.owa -ExternalUrl $wanted.owa
Set-EcpVirtualDirectory -Identity ([string]$current.ecp.Identity) -InternalUrl $wanted.ecp -ExternalUrl $wanted.ecp
Set-ActiveSyncVirtualDirectory -Identity ([string]$current.activesync.Identity) -InternalUrl $wanted.activesync -ExternalUrl $wanted.activesync
Set-OabVirtualDirectory -Identity ([string]$current.oab.Identity) -InternalUrl $wanted.oab -ExternalUrl $wanted.oab -RequireSSL $true
Set-WebServicesVirtualDirectory -Identity ([string]$current.ews.Identity) -InternalUrl $wanted.ews -ExternalUrl $wanted.ews -BasicAuthentication $true
if ($mapi) { Set-MapiVirtualDirectory -Identity ([string]$current.mapi.Identity) -InternalUrl $wanted.mapi -ExternalUrl $wanted.mapi }
@{ changed = $wrong.Count }
