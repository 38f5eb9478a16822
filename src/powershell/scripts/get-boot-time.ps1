<#
.SYNOPSIS
    The host's last boot time (UTC, ISO 8601): how a reboot is confirmed. Read-only.
#>
[CmdletBinding()]
param()
$os = Get-CimInstance Win32_OperatingSystem
@{ LastBootUpTime = $os.LastBootUpTime.ToUniversalTime().ToString('o') }
