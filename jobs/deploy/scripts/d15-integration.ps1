<#
.SYNOPSIS
    D15: turns on the Dashboard's Exchange integration (Windows Server Essentials 2012 R2 and later).
#>
[CmdletBinding()]
param([switch]$Probe)
if (-not (Get-Command Enable-ExchangeIntegration -ErrorAction SilentlyContinue)) {
    throw 'This Windows Server Essentials has no Enable-ExchangeIntegration: run the wizard by hand (Dashboard → Home → Connect to my email service → Integrate your Exchange server).'
}
Enable-ExchangeIntegration
@{ on = $true }
