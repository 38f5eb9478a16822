<#
.SYNOPSIS
    The remote half of the windows-remote prelude: runs in the session on the far server.
.DESCRIPTION
    On a real server, the modules its steps use (as the windows prelude does locally; a JEA
    endpoint provides them itself). With LabDir, the lab module copied next to this script,
    bound to the lab host (the tests' stand-in for WSE and EXCH).
.PARAMETER HostName
    The target's name (WSE).
.PARAMETER LabDir
    Lab only: the lab's state folder.
.PARAMETER LabPreset
    Lab only: deployed or fresh.
.PARAMETER LabRebootSeconds
    Lab only: how long a simulated reboot lasts.
#>
param(
    [Parameter(Mandatory = $true)][string]$HostName,
    [string]$LabDir = '',
    [ValidateSet('deployed', 'fresh')][string]$LabPreset = 'deployed',
    [int]$LabRebootSeconds = 5
)
$src = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
if ($LabDir) {
    $lab = & (Join-Path $src 'lab/lab-prelude.ps1') -ModulePath (Join-Path $src 'lab/ExchangeLab.psm1') -LabDir $LabDir -HostName $HostName -Preset $LabPreset -RebootSeconds $LabRebootSeconds
    return @{ host = $HostName; lab = $true; root = $src; pid = $PID; psVersion = $PSVersionTable.PSVersion.ToString() }
}
& (Join-Path $PSScriptRoot 'windows.ps1') -HostName $HostName | Out-Null
@{ host = $HostName; lab = $false; root = $src; pid = $PID; psVersion = $PSVersionTable.PSVersion.ToString() }
