<#
.SYNOPSIS
    Removes the chat-ops worker service that install-worker.ps1 installed (Windows PowerShell 5.1, as an administrator).
.DESCRIPTION
    Stops and unregisters the service (WinSW uninstall), removes its Event Log source and the
    install folder (keeping the data folder with the audit log unless -RemoveData), and, with
    -RemoveGmsa, uninstalls the group Managed Service Account from this server.
.PARAMETER InstallFolder
    Where install-worker.ps1 put the worker.
.PARAMETER ServiceName
    The Windows service's name.
.PARAMETER RemoveData
    Also delete the data folder (audit log, Redis files of a private Redis).
.PARAMETER RemoveGmsa
    Also uninstall the gMSA from this server (Uninstall-ADServiceAccount); the account stays in AD.
.PARAMETER GmsaName
    The gMSA's name.
#>
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [ValidatePattern('^[A-Za-z]:\\')][string]$InstallFolder = 'C:\ChatOpsBot',
    [ValidatePattern('^[A-Za-z][A-Za-z0-9_-]{0,63}$')][string]$ServiceName = 'ChatOpsBot',
    [switch]$RemoveData,
    [switch]$RemoveGmsa,
    [ValidatePattern('^[A-Za-z0-9-]{1,15}$')][string]$GmsaName = 'svc-chatops'
)
$ErrorActionPreference = 'Stop'
$winsw = Join-Path $InstallFolder ($ServiceName + '.exe')
if (Get-Service -Name $ServiceName -ErrorAction SilentlyContinue) {
    Stop-Service -Name $ServiceName -Force
    if (Test-Path -LiteralPath $winsw) {
        & $winsw uninstall
        if ($LASTEXITCODE -ne 0) { throw ('WinSW uninstall failed (' + $LASTEXITCODE + ').') }
    } else {
        throw ('The service ' + $ServiceName + ' exists but ' + $winsw + ' does not: remove it with sc.exe delete ' + $ServiceName + '.')
    }
}
if ([System.Diagnostics.EventLog]::SourceExists($ServiceName)) { Remove-EventLog -Source $ServiceName }
if (Test-Path -LiteralPath $InstallFolder) {
    foreach ($item in Get-ChildItem -LiteralPath $InstallFolder -Force) {
        if ($item.Name -eq 'data' -and -not $RemoveData) { continue }
        Remove-Item -LiteralPath $item.FullName -Recurse -Force
    }
    if ($RemoveData) { Remove-Item -LiteralPath $InstallFolder -Recurse -Force }
}
if ($RemoveGmsa) {
    Import-Module ActiveDirectory
    Uninstall-ADServiceAccount -Identity $GmsaName
}
Write-Host ('removed ' + $ServiceName + $(if ($RemoveData) { '' } else { ' (kept ' + (Join-Path $InstallFolder 'data') + ')' }))
