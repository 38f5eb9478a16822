<#
.SYNOPSIS
    Test helper: the guide's deployment (D1–D17) done by hand against the lab's cmdlets, as an
    administrator would type it, reporting what the lab answered at each point.
.PARAMETER Step
    Which part of the deployment to do by hand (setup-too-early, features, …).
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][string]$Step)
$result = @{}
switch ($Step) {
    'setup-too-early' {
        $p = Start-Process -FilePath 'D:\Setup.exe' -ArgumentList '/mode:Install', '/role:ClientAccess,Mailbox', '/IAcceptExchangeServerLicenseTerms' -Wait -PassThru
        $result.exitCode = $p.ExitCode
    }
    'restart-switch' { Add-WindowsFeature -Name RSAT-ADDS -Restart }
    'features' {
        $r = Add-WindowsFeature -Name (Get-WindowsFeature | ForEach-Object { $_.Name })
        $result.restartNeeded = [string]$r.RestartNeeded
        $result.pending = @(Get-WindowsFeature | Where-Object { $_.InstallState -eq 'InstallPending' }).Count
    }
    'restart' { Restart-Computer -Force }
    'setup' {
        $p = Start-Process -FilePath 'D:\Setup.exe' -ArgumentList '/mode:Install', '/role:ClientAccess,Mailbox', '/OrganizationName:"First Organization"', '/IAcceptExchangeServerLicenseTerms' -Wait -PassThru
        $result.exitCode = $p.ExitCode
        $result.server = [string](Get-ExchangeServer).AdminDisplayVersion
    }
    'configure' {
        $bytes = [System.IO.File]::ReadAllBytes((Resolve-Path -LiteralPath 'C:\Certificates\mail.pfx').ProviderPath)
        $cert = Import-ExchangeCertificate -FileData $bytes -Password (ConvertTo-SecureString 'pfx-pass' -AsPlainText -Force) -PrivateKeyExportable $true
        Enable-ExchangeCertificate -Thumbprint $cert.Thumbprint -Services 'POP, IIS, IMAP, SMTP' -Force
        New-AcceptedDomain -Name 'contoso.com' -DomainName 'contoso.com' -DomainType Authoritative
        Set-AcceptedDomain -Identity 'contoso.com' -MakeDefault $true
        New-EmailAddressPolicy -Name 'contoso.com' -IncludedRecipients AllRecipients -EnabledPrimarySMTPAddressTemplate 'SMTP:%m@contoso.com'
        Update-EmailAddressPolicy -Identity 'contoso.com'
        Set-OwaVirtualDirectory -Identity 'EXCH\owa (Default Web Site)' -InternalUrl 'https://mail.contoso.com/owa' -ExternalUrl 'https://mail.contoso.com/owa'
        Set-OutlookAnywhere -Identity 'EXCH\Rpc (Default Web Site)' -ExternalHostname 'mail.contoso.com' -ExternalClientAuthenticationMethod Basic -ExternalClientsRequireSsl $true -SSLOffloading $false
        try { Enable-OutlookAnywhere -ExternalHostname 'mail.contoso.com' } catch { $result.enableOA = $_.Exception.Message }
        Set-ReceiveConnector -Identity 'EXCH\Default Frontend EXCH' -RemoteIPRanges '192.168.0.0-192.168.0.255'
        New-ReceiveConnector -Name 'WSE Internet Receive Connector' -Bindings '192.168.0.20:25' -Fqdn 'mail.contoso.com' -AuthMechanism 'Tls, BasicAuth, BasicAuthRequireTLS, Integrated' -Usage Custom -TransportRole FrontendTransport
        New-SendConnector -Name 'WSE Internet SendConnector' -AddressSpaces 'SMTP:*;1' -DNSRoutingEnabled $true -UseExternalDNSServersEnabled $true -SourceTransportServers 'EXCH'
        try { Invoke-WebRequest -Uri 'https://mail.contoso.com/owa' -UseBasicParsing } catch { $result.owaBeforeProxy = $_.Exception.Message }
    }
    'wse' {
        Add-ADGroupMember -Identity 'Enterprise Admins' -Members 'Administrator'
        'pfx-pass' | ARRConfig config -cert 'C:\Certificates\mail.pfx' -hostnames 'mail.contoso.com,remote.contoso.com' | Out-Null
        Add-DnsServerPrimaryZone -Name 'mail.contoso.com' -ReplicationScope Domain
        Add-DnsServerResourceRecordA -ZoneName 'mail.contoso.com' -Name '@' -IPv4Address '192.168.0.20'
        Enable-ExchangeIntegration
        $result.owa = (Invoke-WebRequest -Uri 'https://mail.contoso.com/owa' -UseBasicParsing).StatusCode
        $result.mx = [string](Resolve-DnsName -Name 'contoso.com' -Type MX).NameExchange
        $result.port25 = (Test-NetConnection -ComputerName '203.0.113.10' -Port 25).TcpTestSucceeded
    }
}
$result
