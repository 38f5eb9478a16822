<#
.SYNOPSIS
    Restarts this host. The worker has parked the job before calling this, and confirms the reboot
    afterwards by the boot time moving forward.
#>
[CmdletBinding()]
param()
Restart-Computer -Force
@{ issued = $true }
