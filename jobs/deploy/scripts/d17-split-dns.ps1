<#
.SYNOPSIS
    D17: split DNS on WSE: a primary zone named after the mail host (AD-integrated), whose unnamed A
    record is Exchange's internal address, so inside the office the mail name reaches EXCH directly.
.PARAMETER MailHost
    The public mail host name, e.g. mail.contoso.com.
.PARAMETER ExchangeIp
    The Exchange server’s internal IPv4 address.
.PARAMETER Probe
    Only report whether the step is done ({done, detail}); change nothing.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][string]$MailHost, [Parameter(Mandatory = $true)][string]$ExchangeIp, [switch]$Probe)
$zone = @(Get-DnsServerZone -Name $MailHost -ErrorAction SilentlyContinue)
$record = @()
if ($zone.Count) { $record = @(Get-DnsServerResourceRecord -ZoneName $MailHost -RRType A | Where-Object { $_.HostName -eq '@' -and [string]$_.RecordData.IPv4Address -eq $ExchangeIp }) }
$done = $record.Count -gt 0
if ($Probe) { return @{ done = $done; detail = "$MailHost resolves to $ExchangeIp inside" } }
if (-not $zone.Count) { Add-DnsServerPrimaryZone -Name $MailHost -ReplicationScope Domain }
if (-not $done) { Add-DnsServerResourceRecordA -ZoneName $MailHost -Name '@' -IPv4Address $ExchangeIp }
@{ zone = $MailHost }
