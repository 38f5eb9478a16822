<#
.SYNOPSIS
    Loads the Exchange Management Shell cmdlets on the Exchange server itself.
.PARAMETER HostName
    The host this shell stands for (WSE or EXCH in the lab).
.PARAMETER ExchangeVersion
    The Exchange version of the deployment profile (2010 or 2013).
#>
param(
    [Parameter(Mandatory = $true)][string]$HostName,
    [ValidateSet('2010', '2013')][string]$ExchangeVersion = '2013'
)
if ($ExchangeVersion -eq '2010') {
    Add-PSSnapin Microsoft.Exchange.Management.PowerShell.E2010
} else {
    Add-PSSnapin Microsoft.Exchange.Management.PowerShell.SnapIn
}
if (Get-Module -ListAvailable -Name ActiveDirectory) { Import-Module ActiveDirectory -Global }
@{ host = $HostName; prelude = 'exchange-local' }
