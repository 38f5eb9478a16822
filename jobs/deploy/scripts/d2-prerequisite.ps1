<#
.SYNOPSIS
    D2, software part (Exchange 2016, 2019 and SE): installs one prerequisite that is not a Windows
    feature from the administrator's prerequisites folder (never downloaded): .NET Framework 4.8,
    the Visual C++ 2012 or 2013 redistributable (x64), the UCMA 4.0 runtime, or IIS URL Rewrite 2.1.
    Quiet, without a restart: the restart after the features covers it.
.PARAMETER Prerequisite
    Which one: dotnet48, vcredist2012, vcredist2013, ucma4 or urlrewrite.
.PARAMETER PrerequisitesPath
    The folder on EXCH (or a share) holding the installers under their download names.
.PARAMETER Probe
    Only say whether it is installed ({done, detail}). Read-only.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidateSet('dotnet48', 'vcredist2012', 'vcredist2013', 'ucma4', 'urlrewrite')][string]$Prerequisite,
    [string]$PrerequisitesPath = '',
    [switch]$Probe
)
$known = @{
    dotnet48     = @{ File = 'ndp48-x86-x64-allos-enu.exe'; Name = '.NET Framework 4.8'; Arguments = @('/q', '/norestart') }
    vcredist2012 = @{ File = 'vcredist_x64_2012.exe'; Name = 'Visual C++ 2012 Redistributable (x64)'; Match = 'Visual C\+\+ 2012 Redistributable \(x64\)'; Arguments = @('/install', '/quiet', '/norestart') }
    vcredist2013 = @{ File = 'vcredist_x64_2013.exe'; Name = 'Visual C++ 2013 Redistributable (x64)'; Match = 'Visual C\+\+ 2013 Redistributable \(x64\)'; Arguments = @('/install', '/quiet', '/norestart') }
    ucma4        = @{ File = 'UcmaRuntimeSetup.exe'; Name = 'Unified Communications Managed API 4.0 Runtime'; Match = 'Unified Communications Managed API 4\.0'; Arguments = @('/passive', '/norestart') }
    urlrewrite   = @{ File = 'rewrite_amd64_en-US.msi'; Name = 'IIS URL Rewrite Module 2.1'; Match = 'IIS URL Rewrite Module 2'; Msi = $true }
}
$p = $known[$Prerequisite]
function Test-Installed {
    if ($Prerequisite -eq 'dotnet48') {
        # .NET 4.8 is release 528040 or later.
        $ndp = @(Get-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full' -ErrorAction SilentlyContinue)
        return ($ndp.Count -gt 0 -and [int]$ndp[0].Release -ge 528040)
    }
    $programs = @(Get-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\*' -ErrorAction SilentlyContinue | Where-Object { [string]$_.DisplayName -match $p.Match })
    return ($programs.Count -gt 0)
}
$installed = Test-Installed
if ($Probe) { return @{ done = $installed; detail = "$($p.Name) is installed" } }
if ($installed) { return @{ name = $p.Name; installed = $false } }
if (-not $PrerequisitesPath) { throw "$($p.Name) is missing: put $($p.File) in a folder EXCH can read and set it with /exchange deploy profile set prerequisites-path <folder>." }
$file = $PrerequisitesPath.TrimEnd('\') + '\' + $p.File
if ($p.Msi) {
    $process = Start-Process -FilePath 'msiexec.exe' -ArgumentList @('/i', ('"' + $file + '"'), '/qn', '/norestart') -Wait -PassThru -NoNewWindow
} else {
    $process = Start-Process -FilePath $file -ArgumentList $p.Arguments -Wait -PassThru -NoNewWindow
}
# 3010: installed, a restart is needed (the restart step after the features follows).
if (@(0, 3010) -notcontains [int]$process.ExitCode) { throw "Installing $($p.Name) from $file failed (exit code $($process.ExitCode)). Is $($p.File) in $PrerequisitesPath?" }
if (-not (Test-Installed)) { throw "$($p.Name) is still not installed after $file ran." }
@{ name = $p.Name; installed = $true }
