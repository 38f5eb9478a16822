<#
.SYNOPSIS
    D12: a certificate request for a CA (instead of a self-issued certificate), for the mail,
    autodiscover and remote-access names. The request text comes back; the bot attaches it as a .req file.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][string]$SubjectName, [Parameter(Mandatory = $true)][string[]]$DomainName)
$request = New-ExchangeCertificate -GenerateRequest -SubjectName $SubjectName -DomainName $DomainName -PrivateKeyExportable $true
@{ request = [string]$request }
