<#
.SYNOPSIS
    D12: a certificate request for a CA (instead of a self-issued certificate), for the mail,
    autodiscover and remote-access names. The request text comes back; the bot attaches it as a .req file.
.PARAMETER SubjectName
    The certificate request’s subject (C=…, S=…, L=…, O=…, OU=…, CN=…).
.PARAMETER DomainName
    The names the certificate request covers.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][string]$SubjectName, [Parameter(Mandatory = $true)][string[]]$DomainName)
$request = New-ExchangeCertificate -GenerateRequest -SubjectName $SubjectName -DomainName $DomainName -PrivateKeyExportable $true
@{ request = [string]$request }
