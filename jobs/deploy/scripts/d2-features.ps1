<#
.SYNOPSIS
    D2: installs the Windows features Exchange needs (the guide's InstallDependencies.ps1), never
    with -Restart: the restart is its own step, behind an approval.
.PARAMETER Features
    The Windows feature names to install.
.PARAMETER Probe
    Only report whether the step is done ({done, detail}); change nothing.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][string[]]$Features, [switch]$Probe)
$missing = @(Get-WindowsFeature -Name $Features | Where-Object { $_.InstallState -eq 'Available' } | ForEach-Object { $_.Name })
if ($Probe) { return @{ done = ($missing.Count -eq 0); detail = "$($Features.Count) features installed or waiting for the restart" } }
$restart = 'No'
if ($missing.Count -gt 0) { $restart = [string](Add-WindowsFeature -Name $missing).RestartNeeded }
@{ installed = $missing.Count; restartNeeded = $restart }
