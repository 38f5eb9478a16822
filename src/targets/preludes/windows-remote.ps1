<#
.SYNOPSIS
    Prepares a shell that runs every step on another Windows server through PowerShell remoting.
.DESCRIPTION
    One worker (on the Exchange server) reaches the WSE domain controller: this prelude opens a
    PSSession to it (WinRM with Kerberos, to the JEA endpoint named by ConfigurationName; or SSH,
    which the tests use against 127.0.0.1), copies the step scripts over, runs the remote half of
    the prelude there (windows-remote-init.ps1: the server's modules, or the lab) and hands every
    later step of this shell to that session. Steps keep the same result protocol as a local shell.
    With a ConfigurationName the far side is a JEA endpoint (RestrictedRemoteServer, NoLanguage):
    nothing is copied and no remote half runs; each step is one call of the endpoint's function
    Invoke-ChatOpsStep (installed by grant-bot-rights.ps1, which also installs the scripts), with
    the script's path relative to the release and its parameters as data. Over SSH the endpoint is
    the sshd's Subsystem, so TARGETS names Subsystem too (ConfigurationName then only selects JEA
    mode); the lab's parameters are then ignored (such an endpoint loads the lab itself).
.PARAMETER HostName
    The target's name in TARGETS (WSE).
.PARAMETER ComputerName
    The server to reach (its DNS name for Kerberos; 127.0.0.1 in the tests).
.PARAMETER ConfigurationName
    The JEA endpoint (ChatOpsBot): its steps then run through its Invoke-ChatOpsStep. WinRM: the
    session configuration; SSH: name the endpoint's sshd Subsystem as well. Empty: a full session.
.PARAMETER Transport
    winrm (Windows) or ssh (PowerShell 7 on both ends).
.PARAMETER Port
    The port, when not the transport's default (5985/5986 for WinRM, 22 for SSH).
.PARAMETER UseSSL
    WinRM over HTTPS (5986).
.PARAMETER Authentication
    WinRM authentication: Kerberos (the default) or Negotiate.
.PARAMETER UserName
    SSH: the user to log in as.
.PARAMETER KeyFilePath
    SSH: the private key file.
.PARAMETER KnownHostsFile
    SSH: a known_hosts file holding the server's key; host keys are then checked strictly.
.PARAMETER Subsystem
    SSH: the sshd subsystem that runs PowerShell.
.PARAMETER LabDir
    Lab only: the lab's state folder on the remote side; the remote session then loads the lab.
.PARAMETER LabHost
    Lab only: the lab host the remote session stands for (WSE or EXCH); by default HostName.
.PARAMETER LabPreset
    Lab only: deployed or fresh.
.PARAMETER LabRebootSeconds
    Lab only: how long a simulated reboot lasts.
#>
param(
    [Parameter(Mandatory = $true)][ValidatePattern('^[A-Z][A-Z0-9-]{0,14}$')][string]$HostName,
    [Parameter(Mandatory = $true)][ValidatePattern('^[A-Za-z0-9][A-Za-z0-9.-]{0,253}$')][string]$ComputerName,
    [ValidatePattern('^[A-Za-z0-9._-]{0,64}$')][string]$ConfigurationName = '',
    [ValidateSet('winrm', 'ssh')][string]$Transport = 'winrm',
    [ValidateRange(0, 65535)][int]$Port = 0,
    [bool]$UseSSL = $false,
    [ValidateSet('Kerberos', 'Negotiate')][string]$Authentication = 'Kerberos',
    [string]$UserName = '',
    [string]$KeyFilePath = '',
    [string]$KnownHostsFile = '',
    [ValidatePattern('^[A-Za-z0-9._-]{0,64}$')][string]$Subsystem = 'powershell',
    [string]$LabDir = '',
    [string]$LabHost = '',
    [ValidateSet('deployed', 'fresh')][string]$LabPreset = 'deployed',
    [int]$LabRebootSeconds = 5
)
$connect = @{}
if ($Transport -eq 'ssh') {
    $connect['HostName'] = $ComputerName
    $connect['SSHTransport'] = $true
    $connect['Subsystem'] = $Subsystem
    if ($UserName) { $connect['UserName'] = $UserName }
    if ($KeyFilePath) { $connect['KeyFilePath'] = $KeyFilePath }
    $options = @{ BatchMode = 'yes'; LogLevel = 'ERROR'; ConnectTimeout = '10'; ServerAliveInterval = '5'; ServerAliveCountMax = '2' }
    if ($KnownHostsFile) {
        $options['UserKnownHostsFile'] = $KnownHostsFile
        $options['StrictHostKeyChecking'] = 'yes'
    }
    $connect['Options'] = $options
} else {
    $connect['ComputerName'] = $ComputerName
    $connect['Authentication'] = $Authentication
    if ($ConfigurationName) { $connect['ConfigurationName'] = $ConfigurationName }
    if ($UseSSL) { $connect['UseSSL'] = $true }
}
if ($Port -gt 0) { $connect['Port'] = $Port }

$root = Split-Path -Parent (Split-Path -Parent (Split-Path -Parent $PSScriptRoot))
$folders = @('jobs', 'src/powershell/scripts', 'src/targets/preludes')
$init = @{ HostName = $HostName }
if ($LabDir -and $LabHost) { $init['HostName'] = $LabHost }
if ($LabDir) {
    # The lab, and the grant script it runs to make the bot's role group (LAB_ENFORCE_RBAC=true).
    $folders += @('src/lab', 'scripts/windows')
    $init['LabDir'] = $LabDir
    $init['LabPreset'] = $LabPreset
    $init['LabRebootSeconds'] = $LabRebootSeconds
}
Import-Module (Join-Path $root 'src/powershell/ChatOpsRemote.psm1') -Global -Force -DisableNameChecking
if ($ConfigurationName) {
    $remote = Open-ChatOpsRemoteSession -Connect $connect -LocalRoot $root -Jea
    Set-ChatOpsRunner -Runner { param($Path, $Splat) Invoke-ChatOpsRemoteScript -Path $Path -Splat $Splat }
    return @{ host = $HostName; prelude = 'windows-remote'; transport = $Transport; jea = $ConfigurationName; remote = (ConvertFrom-Json -InputObject $remote) }
}
$remote = Open-ChatOpsRemoteSession -Connect $connect -LocalRoot $root -Folders $folders -InitScript 'src/targets/preludes/windows-remote-init.ps1' -InitParams $init
Set-ChatOpsRunner -Runner { param($Path, $Splat) Invoke-ChatOpsRemoteScript -Path $Path -Splat $Splat }
@{ host = $HostName; prelude = 'windows-remote'; transport = $Transport; remote = (ConvertFrom-Json -InputObject $remote) }
