<#
.SYNOPSIS
    Guards before anything changes, on the Exchange server: not the Essentials server, and a Windows
    Server this Exchange version is supported on (2010: SP3 media on 2012 and later; 2013: 2012 or
    2012 R2, not 2016 or later; 2016: 2012, 2012 R2 or 2016; 2019: 2019 or 2022; SE: 2019, 2022 or 2025).
    Read-only either way.
.PARAMETER ExchangeVersion
    The Exchange version the profile deploys: 2010, 2013, 2016, 2019 or SE.
.PARAMETER SetupPath
    The setup media's path (for Exchange 2010: it must be SP3 media on Windows Server 2012 and later).
.PARAMETER Probe
    Only say whether the guard passes ({done, detail}).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidateSet('2010', '2013', '2016', '2019', 'SE')][string]$ExchangeVersion,
    [string]$SetupPath = '',
    [switch]$Probe
)
$os = [string](Get-CimInstance Win32_OperatingSystem).Caption
$windows = ''
$m = [regex]::Match($os, '(2008 R2|2012 R2|2012|2016|2019|2022|2025)')
if ($m.Success) { $windows = $m.Groups[1].Value -replace ' ', '' }
$supported = @{ '2010' = @('2008R2', '2012', '2012R2'); '2013' = @('2012', '2012R2'); '2016' = @('2012', '2012R2', '2016'); '2019' = @('2019', '2022'); 'SE' = @('2019', '2022', '2025') }
$problem = $null
if ($os -match 'Essentials') { $problem = "EXCH runs ${os}: Microsoft does not support Exchange on the Windows Server Essentials server." }
elseif (@($supported[$ExchangeVersion]) -notcontains $windows) {
    $list = (@($supported[$ExchangeVersion]) | ForEach-Object { 'Windows Server ' + ($_ -replace 'R2$', ' R2') }) -join ', '
    $problem = "Exchange $ExchangeVersion is not supported on ${os} (it runs on $list). Install a supported Windows Server on EXCH, or deploy another Exchange version (/exchange deploy profile set exchange-version …)."
}
elseif ($ExchangeVersion -eq '2010' -and $windows -match '^2012' -and $SetupPath -notmatch '(?i)SP3') { $problem = "Exchange 2010 cannot be installed on ${os} without Service Pack 3 (use SP3 setup media)." }
if ($Probe) { return @{ done = (-not $problem); detail = $os } }
if ($problem) { throw $problem }
# The account this worker runs as on EXCH (the one Exchange setup runs as): the deployment's rights are its.
@{ os = $os; account = $env:USERNAME }
