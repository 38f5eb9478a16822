<#
.SYNOPSIS
    Guard for Exchange 2019 CU14+ and SE, where Extended Protection is on by default: the guide's
    ARR reverse proxy on WSE (D16) then works only if it presents the same certificate as Exchange's
    IIS. Compares the profile's .pfx with the certificate Exchange has bound to IIS for the mail name
    (none yet: D4 will bind this one). Read-only.
.PARAMETER Certificate
    The .pfx the reverse proxy will present (the profile's certificate).
.PARAMETER MailHost
    The public mail name, e.g. mail.contoso.com.
.PARAMETER CertificatePassword
    Read on this worker from its secret store; it arrives as data and becomes a SecureString at once.
.PARAMETER Probe
    Only say whether the guard passes ({done, detail}).
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][string]$Certificate, [Parameter(Mandatory = $true)][string]$MailHost, [string]$CertificatePassword = '', [switch]$Probe)
$secure = ConvertTo-SecureString $CertificatePassword -AsPlainText -Force
$CertificatePassword = $null
$pfx = [string](Get-PfxData -FilePath (Resolve-Path -LiteralPath $Certificate).ProviderPath -Password $secure).EndEntityCertificates[0].Thumbprint
$problem = $null
$detail = 'Exchange is not installed yet: D4 binds this certificate to IIS, the one the reverse proxy presents'
# Before setup the Exchange cmdlets do not exist (or do not answer): D4 will bind this certificate.
$all = $null
if (Get-Command Get-ExchangeCertificate -ErrorAction SilentlyContinue) {
    try { $all = @(Get-ExchangeCertificate -ErrorAction Stop) } catch { $all = $null }
}
if ($null -ne $all) {
    $iis = @($all | Where-Object { [string]$_.Services -match 'IIS' -and @($_.CertificateDomains | ForEach-Object { [string]$_ }) -contains $MailHost })
    $same = @($iis | Where-Object { [string]$_.Thumbprint -eq $pfx })
    $detail = "Exchange's IIS certificate for $MailHost is the reverse proxy's ($pfx)"
    if ($iis.Count -eq 0) { $detail = "no certificate for $MailHost on IIS yet: D4 binds this one, the one the reverse proxy presents" }
    elseif ($same.Count -eq 0) {
        $problem = "Extended Protection is on (Exchange 2019 CU14 and later, SE): the reverse proxy on WSE must present the certificate Exchange's IIS uses for $MailHost ($([string]$iis[0].Thumbprint)), but the profile's $Certificate is another one ($pfx), so Outlook and OWA sign-ins through it would fail. Either export Exchange's certificate with its private key to a .pfx and set it as the profile's certificate, or import $Certificate on Exchange and enable it for IIS (Enable-ExchangeCertificate -Services IIS), then run the deployment again."
    }
}
if ($Probe) { return @{ done = (-not $problem); detail = $detail } }
if ($problem) { throw $problem }
@{ thumbprint = $pfx; detail = $detail }
