<#
.SYNOPSIS
    D13 (at the registrar, by hand): are the public records there? Resolves each one and says what
    was expected and what was found. Read-only.
.PARAMETER Domain
    The public e-mail domain, e.g. contoso.com.
.PARAMETER MailHost
    The public mail host name, e.g. mail.contoso.com.
.PARAMETER PublicIp
    The public IP address the ISP gave.
.PARAMETER DnsServers
    The resolvers to ask (the lab’s registrar when empty).
.PARAMETER Probe
    Only report whether the step is done ({done, detail}); change nothing.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][string]$Domain, [Parameter(Mandatory = $true)][string]$MailHost, [Parameter(Mandatory = $true)][string]$PublicIp, [string[]]$DnsServers = @(), [switch]$Probe)
function Find([string]$Name, [string]$Type) {
    $query = @{ Name = $Name; Type = $Type; DnsOnly = $true; ErrorAction = 'Stop' }
    if ($DnsServers.Count) { $query.Server = $DnsServers }
    try { return @(Resolve-DnsName @query) } catch { return @() }
}
$checks = @(
    @{ record = "A $MailHost"; expected = $PublicIp; found = (@(Find $MailHost 'A' | ForEach-Object { [string]$_.IPAddress }) -join ', ') },
    @{ record = "MX $Domain"; expected = $MailHost; found = (@(Find $Domain 'MX' | ForEach-Object { [string]$_.NameExchange }) -join ', ') },
    @{ record = "TXT $Domain"; expected = 'v=spf1 a mx ~all'; found = (@(Find $Domain 'TXT' | ForEach-Object { @($_.Strings) -join '' }) -join ', ') },
    @{ record = "SRV _autodiscover._tcp.$Domain"; expected = "${MailHost}:443"; found = (@(Find "_autodiscover._tcp.$Domain" 'SRV' | ForEach-Object { "$($_.NameTarget):$($_.Port)" }) -join ', ') }
)
$wrong = @($checks | Where-Object { @($_.found -split ', ') -notcontains $_.expected })
$detail = 'the registrar holds the records'
if ($wrong.Count) { $detail = (@($wrong | ForEach-Object { "$($_.record): expected $($_.expected), found $(if ($_.found) { $_.found } else { 'nothing' })" }) -join '; ') }
$result = @{ done = ($wrong.Count -eq 0); checks = $checks; detail = $detail }
if (-not $Probe -and $wrong.Count) { throw ('Public DNS is not ready: ' + (@($wrong | ForEach-Object { "$($_.record): expected $($_.expected), found $(if ($_.found) { $_.found } else { 'nothing' })" }) -join '; ') + '. Create the records at your registrar (/exchange dns records), then /exchange deploy run --from D13.') }
$result
