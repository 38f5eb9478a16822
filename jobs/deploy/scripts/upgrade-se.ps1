<#
.SYNOPSIS
    deploy upgrade: upgrades Exchange 2019 CU14 or CU15 in place to Exchange Server SE
    (Setup.exe /mode:Upgrade /IAcceptExchangeServerLicenseTerms_DiagnosticDataON|OFF from the SE media).
.PARAMETER SetupPath
    Setup.exe of the Exchange Server SE media.
.PARAMETER DiagnosticData
    on or off: whether Exchange sends diagnostic data to Microsoft.
.PARAMETER Probe
    Only say whether the server runs SE already ({done, detail}). Read-only.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][string]$SetupPath, [ValidateSet('on', 'off')][string]$DiagnosticData = 'off', [switch]$Probe)
$server = Get-ExchangeServer -Identity $env:COMPUTERNAME
$build = [string]$server.AdminDisplayVersion
# SE is 15.2, build 2562 and later; 2019 is 15.2 below that.
$m = [regex]::Match($build, 'Version 15\.2 \(Build (\d+)\.')
$se = $m.Success -and [int]$m.Groups[1].Value -ge 2562
if ($Probe) { return @{ done = $se; detail = "EXCH runs Exchange Server SE ($build)" } }
if ($se) { return @{ version = $build; upgraded = $false } }
if (-not $m.Success -or @(1544, 1748) -notcontains [int]$m.Groups[1].Value) { throw "Exchange Server SE upgrades in place only from Exchange 2019 CU14 or CU15; EXCH runs $build. Install CU14 or CU15 first." }
$licence = '/IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF'
if ($DiagnosticData -eq 'on') { $licence = '/IAcceptExchangeServerLicenseTerms_DiagnosticDataON' }
$process = Start-Process -FilePath $SetupPath -ArgumentList @('/mode:Upgrade', $licence) -Wait -PassThru -NoNewWindow
if ($process.ExitCode -ne 0) { throw "Exchange setup /mode:Upgrade failed (exit code $($process.ExitCode)); its log is C:\ExchangeSetupLogs\ExchangeSetup.log." }
@{ version = [string](Get-ExchangeServer -Identity $env:COMPUTERNAME).AdminDisplayVersion; upgraded = $true }
