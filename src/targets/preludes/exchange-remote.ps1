<#
.SYNOPSIS
    Imports Exchange's cmdlets from its remote PowerShell endpoint (Kerberos, as Exchange documents).
.PARAMETER HostName
    The host this shell stands for (WSE or EXCH in the lab).
.PARAMETER ConnectionUri
    Exchange’s remote PowerShell endpoint, e.g. http://exch.contoso.local/PowerShell/.
#>
param(
    [Parameter(Mandatory = $true)][string]$HostName,
    [Parameter(Mandatory = $true)][ValidatePattern('^https?://[A-Za-z0-9.-]+/PowerShell/?$')][string]$ConnectionUri
)
$session = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri $ConnectionUri -Authentication Kerberos
Import-Module (Import-PSSession $session -AllowClobber -DisableNameChecking) -Global -DisableNameChecking
if (Get-Module -ListAvailable -Name ActiveDirectory) { Import-Module ActiveDirectory -Global }
@{ host = $HostName; prelude = 'exchange-remote' }
