<#
.SYNOPSIS
    D4: imports the Exchange certificate (.pfx) and enables it for POP, IIS, IMAP and SMTP.
.PARAMETER CertificatePassword
    Read on this worker from its secret store; it arrives as data and becomes a SecureString at once.
.PARAMETER Certificate
    The local path of the .pfx certificate file.
.PARAMETER MailHost
    The public mail host name, e.g. mail.contoso.com.
.PARAMETER Probe
    Only report whether the step is done ({done, detail}); change nothing.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][string]$Certificate, [Parameter(Mandatory = $true)][string]$MailHost, [string]$CertificatePassword = '', [switch]$Probe)
$bound = @(Get-ExchangeCertificate | Where-Object { @($_.CertificateDomains | ForEach-Object { [string]$_ }) -contains $MailHost -and [string]$_.Services -match 'IIS' -and [string]$_.Services -match 'SMTP' })
if ($Probe) { return @{ done = ($bound.Count -gt 0); detail = "a certificate for $MailHost serves IIS and SMTP" } }
if ($bound.Count -gt 0) { return @{ thumbprint = [string]$bound[0].Thumbprint } }
$secure = ConvertTo-SecureString $CertificatePassword -AsPlainText -Force
$CertificatePassword = $null
# [IO.File]::ReadAllBytes works on PowerShell 5.1 and 7 (Get-Content -Encoding Byte only on 5.1).
$bytes = [System.IO.File]::ReadAllBytes((Resolve-Path -LiteralPath $Certificate).ProviderPath)
$cert = Import-ExchangeCertificate -FileData $bytes -Password $secure -PrivateKeyExportable $true
if (@($cert.CertificateDomains | ForEach-Object { [string]$_ }) -notcontains $MailHost) { throw "The certificate in $Certificate does not cover $MailHost (it covers $(@($cert.CertificateDomains) -join ', '))." }
Enable-ExchangeCertificate -Thumbprint $cert.Thumbprint -Services 'POP, IIS, IMAP, SMTP' -Force
@{ thumbprint = [string]$cert.Thumbprint }
