<#
.SYNOPSIS
    D15: turns on the Dashboard's Exchange integration with Enable-ExchangeIntegration (Windows Server
    Essentials 2012 R2 and later). Where that cmdlet does not exist the probe says so, and the step
    becomes one done by hand (the Dashboard's wizard).
.PARAMETER Probe
    Only report whether the step is done ({done, detail}); change nothing.
#>
[CmdletBinding()]
param([switch]$Probe)
$available = [bool](Get-Command Enable-ExchangeIntegration -ErrorAction SilentlyContinue)
# Nothing on WSE tells whether the integration is on: the bot keeps that (and skips this step then).
if ($Probe) { return @{ done = $false; manual = (-not $available); detail = 'the integration can be turned on' } }
if (-not $available) { throw 'This Windows Server Essentials has no Enable-ExchangeIntegration: use the Dashboard wizard.' }
Enable-ExchangeIntegration
@{ on = $true }
