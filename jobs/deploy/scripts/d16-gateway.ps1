<#
.SYNOPSIS
    D16, first part: the Remote Desktop Gateway service must run (the guide restarts it if stopped).
.PARAMETER Probe
    Only report whether the step is done ({done, detail}); change nothing.
#>
[CmdletBinding()]
param([switch]$Probe)
$service = @(Get-Service -Name 'TSGateway' -ErrorAction SilentlyContinue)
$running = $service.Count -gt 0 -and [string]$service[0].Status -eq 'Running'
if ($Probe) { return @{ done = $running; detail = 'the Remote Desktop Gateway is running' } }
if (-not $running) { Restart-Service -Name 'TSGateway' -Force }
@{ restarted = (-not $running) }
