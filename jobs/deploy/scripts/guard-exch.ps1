<#
.SYNOPSIS
    Guards before anything changes, on the Exchange server: not the Essentials server; Exchange 2010
    not on Windows Server 2012 without SP3 media. Read-only either way.
.PARAMETER ExchangeVersion
    The Exchange version of the deployment profile (2010 or 2013).
.PARAMETER SetupPath
    The local path of Exchange’s Setup.exe.
.PARAMETER Probe
    Only report whether the step is done ({done, detail}); change nothing.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][ValidateSet('2013', '2010')][string]$ExchangeVersion, [string]$SetupPath = '', [switch]$Probe)
$os = [string](Get-CimInstance Win32_OperatingSystem).Caption
$problem = $null
if ($os -match 'Essentials') { $problem = "EXCH runs ${os}: Microsoft does not support Exchange on the Windows Server Essentials server." }
elseif ($ExchangeVersion -eq '2010' -and $os -match '2012' -and $SetupPath -notmatch '(?i)SP3') { $problem = "Exchange 2010 cannot be installed on ${os} without Service Pack 3 (use SP3 setup media)." }
if ($Probe) { return @{ done = (-not $problem); detail = $os } }
if ($problem) { throw $problem }
@{ os = $os }
