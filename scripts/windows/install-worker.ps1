<#
.SYNOPSIS
    Installs the chat-ops worker as a Windows service on the Exchange server (Windows PowerShell 5.1, as an administrator).
.DESCRIPTION
    From an unpacked release folder (the repository with its npm cache, see README "Install on your
    servers"):
      1. installs the Node.js dependencies offline (npm ci --offline, from the release's npm-cache);
      2. writes the worker's .env from the parameters (readable only by the service account,
         SYSTEM and Administrators);
      3. uses a group Managed Service Account where the domain allows it (New-ADServiceAccount,
         Install-ADServiceAccount, Test-ADServiceAccount), else the named account given;
      4. registers the worker as a service with WinSW (whose executable you provide and whose
         SHA-256 this script checks): restart on failure, logs to files rolled by size, and an
         Event Log source for its errors;
      5. starts it.
    Run it again to update the .env or the release. uninstall-worker.ps1 undoes it.
.PARAMETER ReleaseFolder
    The unpacked release (holds package.json, scripts\start.mjs and npm-cache).
.PARAMETER InstallFolder
    Where the worker runs from (the release is copied there) and keeps its data.
.PARAMETER ServiceName
    The Windows service's name.
.PARAMETER NodePath
    node.exe (Node.js 20 or later).
.PARAMETER WinSWPath
    WinSW-x64.exe, downloaded by you from https://github.com/winsw/winsw/releases.
.PARAMETER WinSWSha256
    The SHA-256 of that file as published with the release: the script refuses any other file.
.PARAMETER GmsaName
    The group Managed Service Account to run as (created when missing and the domain has a KDS root key).
.PARAMETER GmsaAllowedGroup
    The AD group of computers allowed to retrieve the gMSA's password (this server must be in it).
.PARAMETER ServiceCredential
    A named service account (DOMAIN\name and password) when a gMSA is not possible.
.PARAMETER RedisUrl
    REDIS_URL of the Redis the bot and every worker share.
.PARAMETER SlackBotToken
    SLACK_BOT_TOKEN (xoxb-...): the worker reports steps in the job's thread.
.PARAMETER WorkerHosts
    WORKER_HOSTS: the hosts whose queues this worker serves (EXCH,WSE for one worker for both).
.PARAMETER TargetsFile
    TARGETS: the JSON file describing the hosts (see README "Targets").
#>
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [Parameter(Mandatory = $true)][ValidateScript({ Test-Path -LiteralPath (Join-Path $_ 'package.json') })][string]$ReleaseFolder,
    [ValidatePattern('^[A-Za-z]:\\')][string]$InstallFolder = 'C:\ChatOpsBot',
    [ValidatePattern('^[A-Za-z][A-Za-z0-9_-]{0,63}$')][string]$ServiceName = 'ChatOpsBot',
    [Parameter(Mandatory = $true)][ValidateScript({ Test-Path -LiteralPath $_ -PathType Leaf })][string]$NodePath,
    [Parameter(Mandatory = $true)][ValidateScript({ Test-Path -LiteralPath $_ -PathType Leaf })][string]$WinSWPath,
    [Parameter(Mandatory = $true)][ValidatePattern('^[A-Fa-f0-9]{64}$')][string]$WinSWSha256,
    [ValidatePattern('^[A-Za-z0-9-]{1,15}$')][string]$GmsaName = 'svc-chatops',
    [string]$GmsaAllowedGroup = '',
    [System.Management.Automation.PSCredential]$ServiceCredential,
    [Parameter(Mandatory = $true)][ValidatePattern('^rediss?://')][string]$RedisUrl,
    [Parameter(Mandatory = $true)][System.Security.SecureString]$SlackBotToken,
    [ValidatePattern('^[A-Z][A-Z0-9,-]*$')][string]$WorkerHosts = 'EXCH,WSE',
    [string]$TargetsFile = ''
)
$ErrorActionPreference = 'Stop'

function Write-Step([string]$Text) { Write-Host ('== ' + $Text) }

# 1. The WinSW executable is the one you meant.
$hash = (Get-FileHash -LiteralPath $WinSWPath -Algorithm SHA256).Hash
if ($hash -ne $WinSWSha256.ToUpperInvariant()) { throw ('WinSW at ' + $WinSWPath + ' has SHA-256 ' + $hash + ', not ' + $WinSWSha256 + ': download it again from the WinSW releases page.') }

# 2. The release, copied to the install folder, and its packages installed offline.
Write-Step ('release -> ' + $InstallFolder)
if (-not (Test-Path -LiteralPath $InstallFolder)) { New-Item -ItemType Directory -Path $InstallFolder -Force | Out-Null }
$app = Join-Path $InstallFolder 'app'
if (Test-Path -LiteralPath $app) { Remove-Item -LiteralPath $app -Recurse -Force }
Copy-Item -LiteralPath $ReleaseFolder -Destination $app -Recurse -Force
$npm = Join-Path (Split-Path -Parent $NodePath) 'npm.cmd'
if (-not (Test-Path -LiteralPath $npm)) { throw ('npm.cmd is not next to ' + $NodePath + ': install Node.js with its npm.') }
Push-Location -LiteralPath $app
try {
    & $npm ci --offline --no-audit --no-fund --cache (Join-Path $app 'npm-cache')
    if ($LASTEXITCODE -ne 0) { throw ('npm ci --offline failed (' + $LASTEXITCODE + '): is npm-cache complete in the release?') }
} finally {
    Pop-Location
}

# 3. The service account: a gMSA where the domain allows it, else the named account.
$account = $null
$password = $null
if ($ServiceCredential) {
    $account = $ServiceCredential.UserName
    $password = $ServiceCredential.GetNetworkCredential().Password
} else {
    Import-Module ActiveDirectory
    $existing = Get-ADServiceAccount -Filter "Name -eq '$GmsaName'" -ErrorAction SilentlyContinue
    if (-not $existing) {
        if (-not (Get-KdsRootKey)) { throw 'The domain has no KDS root key, so no gMSA: run Add-KdsRootKey on a domain controller (and wait 10 hours), or pass -ServiceCredential.' }
        if (-not $GmsaAllowedGroup) { throw 'Name the computers allowed to use the gMSA: -GmsaAllowedGroup (a group holding this server).' }
        $domain = (Get-ADDomain).DNSRoot
        New-ADServiceAccount -Name $GmsaName -DNSHostName ($GmsaName + '.' + $domain) -PrincipalsAllowedToRetrieveManagedPassword $GmsaAllowedGroup
    }
    Install-ADServiceAccount -Identity $GmsaName
    if (-not (Test-ADServiceAccount -Identity $GmsaName)) { throw ('This server cannot use the gMSA ' + $GmsaName + ': is it in ' + $GmsaAllowedGroup + ' (restart after adding it)?') }
    $account = (Get-ADDomain).NetBIOSName + '\' + $GmsaName + '$'
}
Write-Step ('service account: ' + $account)

# 4. The worker's .env, readable only by the service account, SYSTEM and Administrators.
$token = (New-Object System.Management.Automation.PSCredential('token', $SlackBotToken)).GetNetworkCredential().Password
$data = Join-Path $InstallFolder 'data'
if (-not (Test-Path -LiteralPath $data)) { New-Item -ItemType Directory -Path $data -Force | Out-Null }
$lines = @(
    'ROLE=worker',
    ('REDIS_URL=' + $RedisUrl),
    ('SLACK_BOT_TOKEN=' + $token),
    ('WORKER_HOSTS=' + $WorkerHosts),
    ('DATA_DIR=' + $data),
    ('POWERSHELL_PATH=' + (Join-Path $env:SystemRoot 'System32\WindowsPowerShell\v1.0\powershell.exe')),
    ('EVENT_LOG_SOURCE=' + $ServiceName)
)
if ($TargetsFile) { $lines += ('TARGETS=' + $TargetsFile) }
$envFile = Join-Path $app '.env'
Set-Content -LiteralPath $envFile -Value $lines -Encoding ASCII
$acl = New-Object System.Security.AccessControl.FileSecurity
$acl.SetAccessRuleProtection($true, $false)
foreach ($who in @('NT AUTHORITY\SYSTEM', 'BUILTIN\Administrators', $account)) {
    $acl.AddAccessRule((New-Object System.Security.AccessControl.FileSystemAccessRule($who, 'Read', 'Allow')))
}
$acl.AddAccessRule((New-Object System.Security.AccessControl.FileSystemAccessRule('BUILTIN\Administrators', 'FullControl', 'Allow')))
Set-Acl -LiteralPath $envFile -AclObject $acl
$token = $null

# 5. The service (WinSW): restart on failure, logs rolled by size, errors in the Event Log.
if (-not [System.Diagnostics.EventLog]::SourceExists($ServiceName)) { New-EventLog -LogName Application -Source $ServiceName }
$winsw = Join-Path $InstallFolder ($ServiceName + '.exe')
Copy-Item -LiteralPath $WinSWPath -Destination $winsw -Force
$escape = { param($Text) [System.Security.SecurityElement]::Escape([string]$Text) }
$accountXml = '<serviceaccount><username>' + (& $escape $account) + '</username><allowservicelogon>true</allowservicelogon></serviceaccount>'
if ($password) { $accountXml = '<serviceaccount><username>' + (& $escape $account) + '</username><password>' + (& $escape $password) + '</password><allowservicelogon>true</allowservicelogon></serviceaccount>' }
$xml = @(
    '<service>',
    ('  <id>' + $ServiceName + '</id>'),
    '  <name>Exchange chat-ops worker</name>',
    '  <description>Runs the Slack chat-ops jobs on this server (BullMQ worker).</description>',
    ('  <executable>' + (& $escape $NodePath) + '</executable>'),
    '  <arguments>scripts\start.mjs</arguments>',
    ('  <workingdirectory>' + (& $escape $app) + '</workingdirectory>'),
    ('  ' + $accountXml),
    '  <startmode>Automatic</startmode>',
    '  <delayedAutoStart>true</delayedAutoStart>',
    '  <onfailure action="restart" delay="10 sec"/>',
    '  <onfailure action="restart" delay="30 sec"/>',
    '  <onfailure action="restart" delay="2 min"/>',
    '  <resetfailure>1 hour</resetfailure>',
    '  <stoptimeout>30 sec</stoptimeout>',
    ('  <logpath>' + (& $escape (Join-Path $InstallFolder 'logs')) + '</logpath>'),
    '  <log mode="roll-by-size"><sizeThreshold>10240</sizeThreshold><keepFiles>10</keepFiles></log>',
    '</service>'
)
Set-Content -LiteralPath (Join-Path $InstallFolder ($ServiceName + '.xml')) -Value $xml -Encoding UTF8
$password = $null
$service = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
if ($service) {
    Write-Step 'updating the service'
    Stop-Service -Name $ServiceName -Force
    & $winsw refresh
} else {
    Write-Step 'registering the service'
    & $winsw install
}
if ($LASTEXITCODE -ne 0) { throw ('WinSW failed (' + $LASTEXITCODE + ').') }
Start-Service -Name $ServiceName
Write-EventLog -LogName Application -Source $ServiceName -EventId 1000 -EntryType Information -Message ('The chat-ops worker was installed in ' + $InstallFolder + ', running as ' + $account + '.')
Write-Step ('started: ' + (Get-Service -Name $ServiceName).Status + '. Next: ' + $NodePath + ' ' + (Join-Path $app 'node_modules\tsx\dist\cli.mjs') + ' scripts\doctor.ts (npm run doctor), in ' + $app)
