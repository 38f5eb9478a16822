<#
.SYNOPSIS
    D8: Outlook Anywhere with Basic authentication, the external host name, no SSL offloading.
    Exchange 2010: Enable-OutlookAnywhere; Exchange 2013 has no such cmdlet: Set-OutlookAnywhere.
.PARAMETER MailHost
    The public mail host name, e.g. mail.contoso.com.
.PARAMETER ExchangeVersion
    The Exchange version of the deployment profile (2010 or 2013).
.PARAMETER Probe
    Only report whether the step is done ({done, detail}); change nothing.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][string]$MailHost, [Parameter(Mandatory = $true)][ValidateSet('2013', '2010')][string]$ExchangeVersion, [switch]$Probe)
$oa = @(Get-OutlookAnywhere -Server $env:COMPUTERNAME -ErrorAction SilentlyContinue)
$done = $oa.Count -gt 0 -and [string]$oa[0].ExternalHostname -eq $MailHost -and [string]$oa[0].ExternalClientAuthenticationMethod -eq 'Basic' -and -not [bool]$oa[0].SSLOffloading
if ($Probe) { return @{ done = $done; detail = "Outlook Anywhere answers at $MailHost" } }
if ($done) { return @{ changed = $false } }
if ($ExchangeVersion -eq '2010' -and ($oa.Count -eq 0 -or -not $oa[0].Enabled)) {
    Enable-OutlookAnywhere -Server $env:COMPUTERNAME -ExternalHostname $MailHost -ClientAuthenticationMethod Basic -SSLOffloading $false
} else {
    Set-OutlookAnywhere -Identity ([string]$oa[0].Identity) -ExternalHostname $MailHost -ExternalClientAuthenticationMethod Basic -ExternalClientsRequireSsl $true -SSLOffloading $false
}
@{ changed = $true }
