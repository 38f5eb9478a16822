<#
.SYNOPSIS
    Prepares a shell on a Windows server (the WSE domain controller): the modules its steps use.
.PARAMETER HostName
    The host this shell stands for (WSE or EXCH in the lab).
#>
param([Parameter(Mandatory = $true)][string]$HostName)
foreach ($name in @('ActiveDirectory', 'ServerManager', 'DnsServer')) {
    if (Get-Module -ListAvailable -Name $name) { Import-Module $name -Global }
}
@{ host = $HostName; prelude = 'windows' }
