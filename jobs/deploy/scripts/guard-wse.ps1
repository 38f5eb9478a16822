<#
.SYNOPSIS
    Guards on the Essentials server: it is the WSE server, and Exchange is not installed on it. Read-only.
.PARAMETER Probe
    Only report whether the step is done ({done, detail}); change nothing.
#>
[CmdletBinding()]
param([switch]$Probe)
$os = [string](Get-CimInstance Win32_OperatingSystem).Caption
$problem = $null
if ($os -notmatch 'Essentials') { $problem = "WSE runs ${os}, not Windows Server Essentials." }
elseif (@(Get-Service -Name 'MSExchangeIS' -ErrorAction SilentlyContinue).Count -gt 0) { $problem = 'Exchange is installed on the Windows Server Essentials server: Microsoft does not support that.' }
if ($Probe) { return @{ done = (-not $problem); detail = $os } }
if ($problem) { throw $problem }
@{ os = $os }
