<#
.SYNOPSIS
    Probe for a restart step: is a Windows feature still waiting for the restart? Read-only.
    (Used with Features; without them the step relies on what ran before it in the job.)
.PARAMETER Features
    The Windows feature names to install.
.PARAMETER Probe
    Only report whether the step is done ({done, detail}); change nothing.
#>
[CmdletBinding()]
param([string[]]$Features = @(), [switch]$Probe)
$pending = @()
if ($Features.Count) { $pending = @(Get-WindowsFeature -Name $Features | Where-Object { $_.InstallState -eq 'InstallPending' } | ForEach-Object { $_.Name }) }
@{ done = ($pending.Count -eq 0); detail = 'no feature waits for a restart' }
