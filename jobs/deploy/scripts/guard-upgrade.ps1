<#
.SYNOPSIS
    Guard before deploy upgrade changes anything: Exchange Server SE upgrades in place only from
    Exchange 2019 CU14 or CU15; 2016 to SE is a migration (a new server, mailboxes moved), and
    older 2019 builds need CU14 first. Read-only.
.PARAMETER Probe
    Only say whether the guard passes ({done, detail}).
#>
[CmdletBinding()]
param([switch]$Probe)
$build = [string](Get-ExchangeServer -Identity $env:COMPUTERNAME).AdminDisplayVersion
$m = [regex]::Match($build, 'Version (\d+)\.(\d+) \(Build (\d+)\.')
$problem = $null
if (-not $m.Success) { $problem = "EXCH reports an Exchange build the bot does not know ($build)." }
elseif ($m.Groups[1].Value -eq '15' -and $m.Groups[2].Value -eq '2' -and [int]$m.Groups[3].Value -ge 2562) { $problem = $null }
elseif ($m.Groups[1].Value -eq '15' -and $m.Groups[2].Value -eq '2' -and @(1544, 1748) -contains [int]$m.Groups[3].Value) { $problem = $null }
elseif ($m.Groups[1].Value -eq '15' -and $m.Groups[2].Value -eq '2') { $problem = "EXCH runs Exchange 2019 (${build}): install CU14 or CU15 first; Exchange Server SE upgrades in place only from those." }
elseif ($m.Groups[1].Value -eq '15' -and $m.Groups[2].Value -eq '1') { $problem = "EXCH runs Exchange 2016 ($build): going to Exchange Server SE is a migration (a new Exchange server, mailboxes moved, the old one uninstalled), which the bot does not automate." }
else { $problem = "EXCH runs ${build}: Exchange Server SE upgrades in place only from Exchange 2019 CU14 or CU15." }
if ($Probe) { return @{ done = (-not $problem); detail = $build } }
if ($problem) { throw $problem }
# The account this worker runs as on EXCH (the one Exchange setup runs as): the deployment's rights are its.
@{ build = $build; account = $env:USERNAME }
