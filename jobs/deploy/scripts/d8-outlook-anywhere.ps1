<#
.SYNOPSIS
    D8: Outlook Anywhere with Basic authentication, the external host name, no SSL offloading.
    Exchange 2010: Enable-OutlookAnywhere, and Set-OutlookAnywhere -ClientAuthenticationMethod for one
    already on; 2013 and later have no Enable-OutlookAnywhere, and their Set-OutlookAnywhere takes
    -ExternalClientAuthenticationMethod and -ExternalClientsRequireSsl (which 2010's lacks).
.PARAMETER MailHost
    The public mail name, e.g. mail.contoso.com.
.PARAMETER ExchangeVersion
    2010, 2013, 2016, 2019 or SE.
.PARAMETER Probe
    Only say whether Outlook Anywhere is as wanted ({done, detail}). Read-only.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][string]$MailHost, [Parameter(Mandatory = $true)][ValidateSet('2010', '2013', '2016', '2019', 'SE')][string]$ExchangeVersion, [switch]$Probe)
$oa = @(Get-OutlookAnywhere -Server $env:COMPUTERNAME -ErrorAction SilentlyContinue)
$method = ''
if ($oa.Count -gt 0) {
    if ($ExchangeVersion -eq '2010') { $method = [string]$oa[0].ClientAuthenticationMethod } else { $method = [string]$oa[0].ExternalClientAuthenticationMethod }
}
$done = $oa.Count -gt 0 -and [string]$oa[0].ExternalHostname -eq $MailHost -and $method -eq 'Basic' -and -not [bool]$oa[0].SSLOffloading
if ($ExchangeVersion -eq '2010' -and $oa.Count -gt 0 -and -not $oa[0].Enabled) { $done = $false }
if ($Probe) { return @{ done = $done; detail = "Outlook Anywhere answers at $MailHost" } }
if ($done) { return @{ changed = $false } }
if ($ExchangeVersion -eq '2010') {
    if ($oa.Count -eq 0 -or -not $oa[0].Enabled) {
        Enable-OutlookAnywhere -Server $env:COMPUTERNAME -ExternalHostname $MailHost -ClientAuthenticationMethod Basic -SSLOffloading $false
    } else {
        Set-OutlookAnywhere -Identity ([string]$oa[0].Identity) -ExternalHostname $MailHost -ClientAuthenticationMethod Basic -SSLOffloading $false
    }
} else {
    Set-OutlookAnywhere -Identity ([string]$oa[0].Identity) -ExternalHostname $MailHost -ExternalClientAuthenticationMethod Basic -ExternalClientsRequireSsl $true -SSLOffloading $false
}
@{ changed = $true }
