<#
.SYNOPSIS
    D9: the default receive connector limited to the internal range; "WSE Internet Receive Connector"
    on <Exchange IP>:25 for mail from the internet (Tls, BasicAuth, BasicAuthRequireTLS, Integrated).
    On 2013 and later port 25 belongs to the Front End Transport service: the default connector is
    "Default Frontend <server>" and the new one is a FrontendTransport connector; on 2010, "Default <server>".
.PARAMETER MailHost
    The public mail name, e.g. mail.contoso.com (the connector's FQDN).
.PARAMETER ExchangeIp
    EXCH's internal address (the new connector's binding).
.PARAMETER InternalRange
    The internal network, first-last (the default connector then takes only it).
.PARAMETER ExchangeVersion
    2010, 2013, 2016, 2019 or SE.
.PARAMETER Probe
    Only say whether both connectors are as wanted ({done, detail}). Read-only.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string]$MailHost, [Parameter(Mandatory = $true)][string]$ExchangeIp,
    [Parameter(Mandatory = $true)][string]$InternalRange, [Parameter(Mandatory = $true)][ValidateSet('2010', '2013', '2016', '2019', 'SE')][string]$ExchangeVersion, [switch]$Probe
)
$defaultName = "Default Frontend $env:COMPUTERNAME"
if ($ExchangeVersion -eq '2010') { $defaultName = "Default $env:COMPUTERNAME" }
$default = @(Get-ReceiveConnector | Where-Object { [string]$_.Name -eq $defaultName })
$internet = @(Get-ReceiveConnector | Where-Object { [string]$_.Name -eq 'WSE Internet Receive Connector' })
$defaultDone = $default.Count -gt 0 -and (@($default[0].RemoteIPRanges | ForEach-Object { [string]$_ }) -join ',') -eq $InternalRange
$done = $defaultDone -and $internet.Count -gt 0
if ($Probe) { return @{ done = $done; detail = "$defaultName takes $InternalRange; the internet connector listens on ${ExchangeIp}:25" } }
if ($default.Count -eq 0) { throw "The receive connector $defaultName does not exist." }
if (-not $defaultDone) { Set-ReceiveConnector -Identity ([string]$default[0].Identity) -RemoteIPRanges $InternalRange }
if ($internet.Count -eq 0) {
    $connector = @{ Name = 'WSE Internet Receive Connector'; Bindings = "${ExchangeIp}:25"; RemoteIPRanges = '0.0.0.0-255.255.255.255'; Fqdn = $MailHost; AuthMechanism = 'Tls, BasicAuth, BasicAuthRequireTLS, Integrated'; PermissionGroups = 'AnonymousUsers, ExchangeUsers'; Usage = 'Custom' }
    if ($ExchangeVersion -ne '2010') { $connector.TransportRole = 'FrontendTransport' }
    New-ReceiveConnector @connector
}
@{ connector = 'WSE Internet Receive Connector' }
