<#
.SYNOPSIS
    Prepares a shell on a Windows server (the WSE domain controller): the modules its steps use.
#>
param([Parameter(Mandatory = $true)][string]$HostName)
foreach ($name in @('ActiveDirectory', 'ServerManager', 'DnsServer')) {
    if (Get-Module -ListAvailable -Name $name) { Import-Module $name -Global }
}
@{ host = $HostName; prelude = 'windows' }
