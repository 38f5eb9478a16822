<#
.SYNOPSIS
    D9: the default receive connector limited to the internal range; "WSE Internet Receive Connector"
    on <Exchange IP>:25 for mail from the internet (Tls, BasicAuth, BasicAuthRequireTLS, Integrated).
.PARAMETER MailHost
    The public mail host name, e.g. mail.contoso.com.
.PARAMETER ExchangeIp
    The Exchange server’s internal IPv4 address.
.PARAMETER InternalRange
    The internal network that may relay (a range like 192.168.0.0-192.168.0.255).
.PARAMETER ExchangeVersion
    The Exchange version of the deployment profile (2010 or 2013).
.PARAMETER Probe
    Only report whether the step is done ({done, detail}); change nothing.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string]$MailHost, [Parameter(Mandatory = $true)][string]$ExchangeIp,
    [Parameter(Mandatory = $true)][string]$InternalRange, [Parameter(Mandatory = $true)][ValidateSet('2013', '2010')][string]$ExchangeVersion, [switch]$Probe
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
    if ($ExchangeVersion -eq '2013') { $connector.TransportRole = 'FrontendTransport' }
    New-ReceiveConnector @connector
}
@{ connector = 'WSE Internet Receive Connector' }
