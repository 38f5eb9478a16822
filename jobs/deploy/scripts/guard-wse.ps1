<#
.SYNOPSIS
    Guards on the Essentials server: it is the WSE server, Exchange is not installed on it, and for
    Exchange 2019 and SE the domain controllers run Windows Server 2012 R2 or later and the forest
    functional level is 2012 R2 or higher (a Windows Server Essentials 2012 domain controller blocks
    them). Read-only.
.PARAMETER ExchangeVersion
    The Exchange version the profile deploys: 2010, 2013, 2016, 2019 or SE.
.PARAMETER Probe
    Only say whether the guard passes ({done, detail}).
#>
[CmdletBinding()]
param([ValidateSet('2010', '2013', '2016', '2019', 'SE')][string]$ExchangeVersion = '2013', [switch]$Probe)
$os = [string](Get-CimInstance Win32_OperatingSystem).Caption
$problem = $null
if ($os -notmatch 'Essentials') { $problem = "WSE runs ${os}, not Windows Server Essentials." }
elseif (@(Get-Service -Name 'MSExchangeIS' -ErrorAction SilentlyContinue).Count -gt 0) { $problem = 'Exchange is installed on the Windows Server Essentials server: Microsoft does not support that.' }
elseif (@('2019', 'SE') -contains $ExchangeVersion) {
    $old = @(Get-ADDomainController -Filter * | Where-Object { [string]$_.OperatingSystem -match 'Windows Server (2003|2008|2012)( |$)' -and [string]$_.OperatingSystem -notmatch '2012 R2' })
    $mode = [string](Get-ADForest).ForestMode
    $low = @('Windows2000Forest', 'Windows2003InterimForest', 'Windows2003Forest', 'Windows2008Forest', 'Windows2008R2Forest', 'Windows2012Forest') -contains $mode
    if ($old.Count -gt 0 -or $low) {
        $dcs = (@($old | ForEach-Object { "$($_.Name) ($($_.OperatingSystem))" }) -join ', ')
        $problem = "Exchange $ExchangeVersion needs domain controllers on Windows Server 2012 R2 or later and a forest functional level of 2012 R2 or higher; this forest is at $mode" + $(if ($dcs) { " and $dcs is older" } else { '' }) + '. Move the domain to a Windows Server Essentials 2012 R2 or later server and raise the forest level first, or deploy Exchange 2016.'
    }
}
if ($Probe) { return @{ done = (-not $problem); detail = $os } }
if ($problem) { throw $problem }
@{ os = $os }
