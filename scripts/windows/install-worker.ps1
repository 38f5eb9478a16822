<#
.SYNOPSIS
    Installs the chat-ops worker as a Windows service on the Exchange server (Windows PowerShell 5.1, as an administrator).
.DESCRIPTION
    From an unpacked release folder (the repository with its npm cache, see README "Install on your
    servers"):
      1. checks the SHA-256 of the WinSW executable you provide (WinSW 2.12, WinSW-x64.exe);
      2. the service account: a group Managed Service Account where the domain has a KDS root key
         (New-ADServiceAccount, Install-ADServiceAccount, Test-ADServiceAccount); else the named
         account given (-ServiceCredential); else a named domain account it makes (New-ADUser, with a
         random password that is never shown and lives only in the protected WinSW XML);
      3. the install folder with a protected ACL: Administrators and SYSTEM full control, the service
         account read and execute, and modify in data and logs; the WinSW XML (which holds a named
         account's password) and the .env (which holds the Slack token) readable only by
         Administrators, SYSTEM and the service account;
      4. installs the Node.js dependencies offline (npm ci --offline, from the release's npm-cache);
      5. writes the worker's .env from the parameters;
      6. registers the worker as a service with WinSW: restart on failure, logs to files rolled by
         size, and an Event Log source (Application log, named after the service) for its errors;
      7. starts it.
    Run it again to update the .env or the release (the service is stopped, registered again and
    started). -WhatIf prints what it would do and changes nothing. uninstall-worker.ps1 undoes it.
.PARAMETER ReleaseFolder
    The unpacked release (holds package.json, scripts\start.mjs and npm-cache).
.PARAMETER InstallFolder
    Where the worker runs from (the release is copied to its app folder) and keeps its data and logs.
.PARAMETER ServiceName
    The Windows service's name (also its Event Log source and the WinSW files' base name).
.PARAMETER NodePath
    node.exe (Node.js 20 or later), with npm.cmd next to it.
.PARAMETER WinSWPath
    WinSW-x64.exe of WinSW v2.12.0, downloaded by you from https://github.com/winsw/winsw/releases/tag/v2.12.0
    (the XML this script writes is WinSW 2's: WinSW 3 names the service account differently).
.PARAMETER WinSWSha256
    The SHA-256 of that file as published with the release: the script refuses any other file.
.PARAMETER GmsaName
    The service account's name: the group Managed Service Account (created when missing and the
    domain has a KDS root key), or else the named domain account (created when missing).
.PARAMETER GmsaAllowedGroup
    The AD group of computers allowed to retrieve the gMSA's password (this server must be in it).
.PARAMETER ServiceCredential
    A named service account (DOMAIN\name and its password) to run as instead of a gMSA or a named
    account the script makes.
.PARAMETER ServiceAccountPath
    The OU (distinguished name) where the named account is made; by default the domain's Users container.
.PARAMETER ResetNamedAccountPassword
    The named account exists but its password is not in this install's WinSW XML (or is wrong): give it
    a new random password (Set-ADAccountPassword -Reset). Whatever else uses that account then fails to log on.
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
    [ValidatePattern('^(OU|CN)=.+')][string]$ServiceAccountPath = '',
    [switch]$ResetNamedAccountPassword,
    [Parameter(Mandatory = $true)][ValidatePattern('^rediss?://')][string]$RedisUrl,
    [Parameter(Mandatory = $true)][System.Security.SecureString]$SlackBotToken,
    [ValidatePattern('^[A-Z][A-Z0-9,-]*$')][string]$WorkerHosts = 'EXCH,WSE',
    [string]$TargetsFile = ''
)
$ErrorActionPreference = 'Stop'

function Write-Step([string]$Text) { Write-Host ('== ' + $Text) }

function Get-WorkerAclPlan {
    # The ACL of each path of the install that holds a secret or that the service writes. Administrators
    # (S-1-5-32-544) and SYSTEM (S-1-5-18) go by SID: their names are translated on non-English Windows.
    # Protected: no rule inherited from above (C:\ gives Users read). Folders pass their rules down.
    param([string]$InstallFolder, [string]$ServiceName, [string]$Account)
    $tree = 'ContainerInherit, ObjectInherit'
    $rule = { param($Identity, $Rights, $Inheritance) [pscustomobject]@{ Identity = $Identity; Rights = $Rights; Inheritance = $Inheritance; Propagation = 'None' } }
    $entry = { param($Path, $Container, $Protected, $Rules) [pscustomobject]@{ Path = $Path; Container = $Container; Protected = $Protected; Rules = @($Rules) } }
    $secret = @((& $rule 'S-1-5-18' 'FullControl' 'None'), (& $rule 'S-1-5-32-544' 'FullControl' 'None'), (& $rule $Account 'Read' 'None'))
    @(
        (& $entry $InstallFolder $true $true @((& $rule 'S-1-5-18' 'FullControl' $tree), (& $rule 'S-1-5-32-544' 'FullControl' $tree), (& $rule $Account 'ReadAndExecute' $tree))),
        (& $entry (Join-Path $InstallFolder 'data') $true $false @((& $rule $Account 'Modify' $tree))),
        (& $entry (Join-Path $InstallFolder 'logs') $true $false @((& $rule $Account 'Modify' $tree))),
        # WinSW, running as the service account, reads its XML at each start (it holds a named account's password).
        (& $entry (Join-Path $InstallFolder ($ServiceName + '.xml')) $false $true $secret),
        # The worker reads its .env (it holds the Slack token).
        (& $entry (Join-Path (Join-Path $InstallFolder 'app') '.env') $false $true $secret)
    )
}

function Set-WorkerAcl($Entry) {
    # Gives a path exactly the explicit rules of its plan entry, and its protection (re-run safe).
    $acl = Get-Acl -LiteralPath $Entry.Path
    $acl.SetAccessRuleProtection([bool]$Entry.Protected, $false)
    foreach ($old in @($acl.GetAccessRules($true, $false, [System.Security.Principal.SecurityIdentifier]))) { $acl.RemoveAccessRuleSpecific($old) }
    foreach ($rule in $Entry.Rules) {
        $identity = New-Object System.Security.Principal.NTAccount($rule.Identity)
        if ($rule.Identity -match '^S-1-') { $identity = New-Object System.Security.Principal.SecurityIdentifier($rule.Identity) }
        $acl.AddAccessRule((New-Object System.Security.AccessControl.FileSystemAccessRule($identity, $rule.Rights, $rule.Inheritance, $rule.Propagation, 'Allow')))
    }
    Set-Acl -LiteralPath $Entry.Path -AclObject $acl
}

function Write-ProtectedFile($Entry, [string[]]$Value, [string]$Encoding) {
    # A file that holds a secret: created empty, given its protected ACL, and only then written.
    if (-not (Test-Path -LiteralPath $Entry.Path)) { New-Item -ItemType File -Path $Entry.Path -Force | Out-Null }
    Set-WorkerAcl $Entry
    Set-Content -LiteralPath $Entry.Path -Value $Value -Encoding $Encoding
}

function New-ServicePassword {
    # 40 characters drawn with the system's cryptographic generator (bytes past the last whole multiple
    # of the alphabet are dropped, so no character is likelier), holding upper, lower, digit and symbol.
    $alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!#*+=?@~'
    $limit = 256 - (256 % $alphabet.Length)
    $rng = New-Object System.Security.Cryptography.RNGCryptoServiceProvider
    $bytes = New-Object byte[] 64
    try {
        do {
            $text = New-Object System.Text.StringBuilder
            while ($text.Length -lt 40) {
                $rng.GetBytes($bytes)
                foreach ($b in $bytes) { if ($b -lt $limit -and $text.Length -lt 40) { [void]$text.Append($alphabet[$b % $alphabet.Length]) } }
            }
            $password = $text.ToString()
        } until ($password -cmatch '[A-Z]' -and $password -cmatch '[a-z]' -and $password -match '[0-9]' -and $password -match '[^A-Za-z0-9]')
    } finally {
        $rng.Dispose()
    }
    $password
}

function ConvertTo-SecurePassword([string]$Text) {
    $secure = New-Object System.Security.SecureString
    foreach ($c in $Text.ToCharArray()) { $secure.AppendChar($c) }
    $secure
}

function Read-SavedPassword([string]$Path, [string]$Domain, [string]$User) {
    # The password an earlier run wrote in this install's WinSW XML for this very account, else $null.
    if (-not (Test-Path -LiteralPath $Path)) { return $null }
    $doc = New-Object System.Xml.XmlDocument
    $doc.Load($Path)
    $saved = $doc.SelectSingleNode('/service/serviceaccount')
    if ($null -eq $saved -or $null -eq $saved.SelectSingleNode('password')) { return $null }
    if ([string]$saved.domain -ne $Domain -or [string]$saved.user -ne $User) { return $null }
    [string]$saved.password
}

$app = Join-Path $InstallFolder 'app'
$data = Join-Path $InstallFolder 'data'
$logs = Join-Path $InstallFolder 'logs'
$winsw = Join-Path $InstallFolder ($ServiceName + '.exe')
$xmlPath = Join-Path $InstallFolder ($ServiceName + '.xml')
$npm = Join-Path (Split-Path -Parent $NodePath) 'npm.cmd'
if (-not (Test-Path -LiteralPath $npm)) { throw ('npm.cmd is not next to ' + $NodePath + ': install Node.js with its npm.') }

# 1. The WinSW executable is the one you meant.
$hash = (Get-FileHash -LiteralPath $WinSWPath -Algorithm SHA256).Hash
if ($hash -ne $WinSWSha256.ToUpperInvariant()) { throw ('WinSW at ' + $WinSWPath + ' has SHA-256 ' + $hash + ', not ' + $WinSWSha256 + ': download it again from the WinSW releases page.') }

# 2. The service account: a gMSA where the domain allows it, else the named account given, else a named account made here.
$password = $null
$generated = $false
$accountSid = ''
if ($ServiceCredential) {
    if ($ServiceCredential.UserName -notmatch '^([^\\]+)\\([^\\]+)$') { throw ('Give -ServiceCredential as DOMAIN\name, not ' + $ServiceCredential.UserName + '.') }
    $accountDomain = $Matches[1]
    $accountUser = $Matches[2]
    $password = $ServiceCredential.GetNetworkCredential().Password
    $kind = 'the named account given'
} else {
    Import-Module ActiveDirectory
    $domain = Get-ADDomain
    $accountDomain = $domain.NetBIOSName
    $gmsa = Get-ADServiceAccount -Filter "Name -eq '$GmsaName'" -ErrorAction SilentlyContinue
    if ($gmsa -or (Get-KdsRootKey)) {
        $accountUser = $GmsaName + '$'
        $kind = 'group Managed Service Account'
        if (-not $gmsa) {
            if (-not $GmsaAllowedGroup) { throw 'Name the computers allowed to use the gMSA: -GmsaAllowedGroup (a group holding this server).' }
            if ($PSCmdlet.ShouldProcess($GmsaName, 'Create the group Managed Service Account (New-ADServiceAccount), its password retrievable by ' + $GmsaAllowedGroup)) {
                $gmsa = New-ADServiceAccount -Name $GmsaName -DNSHostName ($GmsaName + '.' + $domain.DNSRoot) -PrincipalsAllowedToRetrieveManagedPassword $GmsaAllowedGroup -PassThru
            }
        }
        if ($PSCmdlet.ShouldProcess($GmsaName, 'Install the gMSA on this server (Install-ADServiceAccount)')) {
            Install-ADServiceAccount -Identity $GmsaName
            if (-not (Test-ADServiceAccount -Identity $GmsaName)) { throw ('This server cannot use the gMSA ' + $GmsaName + ': is it in ' + $GmsaAllowedGroup + ' (restart after adding it)?') }
        }
        if ($gmsa) { $accountSid = $gmsa.SID.Value }
    } else {
        # No KDS root key, so no gMSA: a named domain account, its password random and kept only in the protected XML.
        $accountUser = $GmsaName
        $user = Get-ADUser -Filter "SamAccountName -eq '$GmsaName'"
        if (-not $user) {
            $kind = 'named account, made now (the domain has no KDS root key, so no gMSA)'
            if ($PSCmdlet.ShouldProcess($accountDomain + '\' + $GmsaName, 'Create the named service account (New-ADUser, random password, never expires, cannot be changed by the account)')) {
                $password = New-ServicePassword
                $generated = $true
                $newUser = @{
                    Name                 = $GmsaName
                    SamAccountName       = $GmsaName
                    UserPrincipalName    = $GmsaName + '@' + $domain.DNSRoot
                    DisplayName          = 'Chat-ops worker service'
                    Description          = 'Runs the chat-ops worker service (made by install-worker.ps1)'
                    AccountPassword      = (ConvertTo-SecurePassword $password)
                    Enabled              = $true
                    PasswordNeverExpires = $true
                    CannotChangePassword = $true
                    PassThru             = $true
                }
                if ($ServiceAccountPath) { $newUser.Path = $ServiceAccountPath }
                $user = New-ADUser @newUser
            }
        } else {
            $kind = 'named account (the domain has no KDS root key, so no gMSA)'
            $password = Read-SavedPassword -Path $xmlPath -Domain $accountDomain -User $accountUser
            if ($ResetNamedAccountPassword) {
                if ($PSCmdlet.ShouldProcess($accountDomain + '\' + $GmsaName, 'Reset the named account''s password to a new random one (Set-ADAccountPassword -Reset)')) {
                    $password = New-ServicePassword
                    $generated = $true
                    Set-ADAccountPassword -Identity $user -Reset -NewPassword (ConvertTo-SecurePassword $password)
                }
            } elseif (-not $password) {
                throw ('The account ' + $accountDomain + '\' + $GmsaName + ' exists, but its password is not in ' + $xmlPath + ', so this script cannot register the service with it: pass -ServiceCredential (its name and password), or -ResetNamedAccountPassword to give it a new random password (whatever else uses that account then fails to log on).')
            }
        }
        if ($user) { $accountSid = $user.SID.Value }
    }
}
$account = $accountDomain + '\' + $accountUser
Write-Step ('service account: ' + $account + ' (' + $kind + ')')
if ($generated) { Write-Step ('its password, random and made here, is never shown: it lives only in ' + $xmlPath + ', which only Administrators, SYSTEM and the account may read') }
$accountId = $account
if ($accountSid) { $accountId = $accountSid }
$plan = Get-WorkerAclPlan -InstallFolder $InstallFolder -ServiceName $ServiceName -Account $accountId
$planFor = @{}
foreach ($entry in $plan) { $planFor[$entry.Path] = $entry }

# 3. A running service is stopped first: its files are replaced.
$service = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
if ($service -and $service.Status -ne 'Stopped' -and $PSCmdlet.ShouldProcess($ServiceName, 'Stop the service to update it')) { Stop-Service -Name $ServiceName -Force }

# 4. The install folder and its protected ACL, then WinSW and its XML (the XML holds a named account's password).
Write-Step ('install folder: ' + $InstallFolder + ' (Administrators and SYSTEM: full control; ' + $account + ': read, and modify in data and logs)')
if ($PSCmdlet.ShouldProcess($InstallFolder, 'Create the install folder, data and logs, and give them their protected ACL')) {
    foreach ($folder in @($InstallFolder, $data, $logs)) {
        if (-not (Test-Path -LiteralPath $folder)) { New-Item -ItemType Directory -Path $folder -Force | Out-Null }
    }
    foreach ($entry in $plan) { if ($entry.Container) { Set-WorkerAcl $entry } }
}
$escape = { param($Text) [System.Security.SecurityElement]::Escape([string]$Text) }
# WinSW 2.12's XML (doc/xmlConfigFile.md of v2.12.0): the service account as <domain> and <user> (a gMSA's
# name ends in $ and has no <password>); durations as "10 sec", "2 min", "1 hour"; sizeThreshold in KB.
$accountXml = @('  <serviceaccount>', ('    <domain>' + (& $escape $accountDomain) + '</domain>'), ('    <user>' + (& $escape $accountUser) + '</user>'))
if ($password) { $accountXml += ('    <password>' + (& $escape $password) + '</password>') }
$accountXml += @('    <allowservicelogon>true</allowservicelogon>', '  </serviceaccount>')
$xml = @(
    '<service>',
    ('  <id>' + $ServiceName + '</id>'),
    '  <name>Exchange chat-ops worker</name>',
    '  <description>Runs the Slack chat-ops jobs on this server (BullMQ worker).</description>',
    ('  <executable>' + (& $escape $NodePath) + '</executable>'),
    '  <arguments>scripts\start.mjs</arguments>',
    ('  <workingdirectory>' + (& $escape $app) + '</workingdirectory>')
) + $accountXml + @(
    '  <startmode>Automatic</startmode>',
    '  <delayedAutoStart>true</delayedAutoStart>',
    '  <onfailure action="restart" delay="10 sec"/>',
    '  <onfailure action="restart" delay="30 sec"/>',
    '  <onfailure action="restart" delay="2 min"/>',
    '  <resetfailure>1 hour</resetfailure>',
    '  <stoptimeout>30 sec</stoptimeout>',
    ('  <logpath>' + (& $escape $logs) + '</logpath>'),
    '  <log mode="roll-by-size"><sizeThreshold>10240</sizeThreshold><keepFiles>10</keepFiles></log>',
    '</service>'
)
if ($PSCmdlet.ShouldProcess($xmlPath, 'Copy WinSW to ' + $winsw + ' and write its XML (protected ACL)')) {
    Copy-Item -LiteralPath $WinSWPath -Destination $winsw -Force
    Write-ProtectedFile -Entry $planFor[$xmlPath] -Value $xml -Encoding UTF8
    $version = [string](& $winsw version)
    if ($version -notmatch '^WinSW 2\.12\.') { throw ($WinSWPath + ' says "' + $version + '", not WinSW 2.12: this script writes WinSW 2.12''s XML (WinSW 3 reads the service account from other elements and would run the worker as LocalSystem).') }
}
$password = $null

# 5. The release, copied to the install folder, and its packages installed offline.
Write-Step ('release -> ' + $app)
if ($PSCmdlet.ShouldProcess($app, 'Copy the release from ' + $ReleaseFolder + ' and install its packages offline (npm ci --offline)')) {
    if (Test-Path -LiteralPath $app) { Remove-Item -LiteralPath $app -Recurse -Force }
    Copy-Item -LiteralPath $ReleaseFolder -Destination $app -Recurse -Force
    Push-Location -LiteralPath $app
    try {
        & $npm ci --offline --no-audit --no-fund --cache (Join-Path $app 'npm-cache')
        if ($LASTEXITCODE -ne 0) { throw ('npm ci --offline failed (' + $LASTEXITCODE + '): is npm-cache complete in the release?') }
    } finally {
        Pop-Location
    }
}

# 6. The worker's .env, readable only by the service account, SYSTEM and Administrators.
$token = (New-Object System.Management.Automation.PSCredential('token', $SlackBotToken)).GetNetworkCredential().Password
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
if ($PSCmdlet.ShouldProcess($envFile, 'Write the worker''s .env (protected ACL)')) {
    Write-ProtectedFile -Entry $planFor[$envFile] -Value $lines -Encoding ASCII
}
$token = $null
$lines = $null

# 7. The service (WinSW): restart on failure, logs rolled by size, errors in the Event Log.
if (-not [System.Diagnostics.EventLog]::SourceExists($ServiceName) -and $PSCmdlet.ShouldProcess($ServiceName, 'Register the Event Log source in the Application log')) {
    New-EventLog -LogName Application -Source $ServiceName
}
if ($PSCmdlet.ShouldProcess($ServiceName, 'Register the service with WinSW (as ' + $account + ') and start it')) {
    if (Get-Service -Name $ServiceName -ErrorAction SilentlyContinue) {
        # WinSW 2.12 has no "refresh": the service is registered again, so that its account, failure
        # actions and start mode are the XML's.
        Write-Step 'registering the service again'
        & $winsw uninstall
        if ($LASTEXITCODE -ne 0) { throw ('WinSW uninstall failed (' + $LASTEXITCODE + ').') }
        for ($wait = 0; $wait -lt 30 -and (Get-Service -Name $ServiceName -ErrorAction SilentlyContinue); $wait++) { Start-Sleep -Seconds 1 }
        if (Get-Service -Name $ServiceName -ErrorAction SilentlyContinue) { throw ('The service ' + $ServiceName + ' is marked for deletion but something holds it open (the Services console?): close it and run this script again.') }
    } else {
        Write-Step 'registering the service'
    }
    & $winsw install
    if ($LASTEXITCODE -ne 0) { throw ('WinSW install failed (' + $LASTEXITCODE + ').') }
    $startName = [string](Get-CimInstance -ClassName Win32_Service -Filter ("Name='" + $ServiceName + "'")).StartName
    if ($startName -ne $account) {
        & $winsw uninstall
        throw ('WinSW registered the service to run as "' + $startName + '", not ' + $account + ': it is unregistered again.')
    }
    try {
        Start-Service -Name $ServiceName
    } catch {
        throw ('The service did not start (' + $_.Exception.Message + '): see the Application log (source ' + $ServiceName + ') and ' + $logs + '; a named account whose password changed needs -ResetNamedAccountPassword or -ServiceCredential.')
    }
    Write-EventLog -LogName Application -Source $ServiceName -EventId 1000 -EntryType Information -Message ('The chat-ops worker was installed in ' + $InstallFolder + ', running as ' + $account + '.')
    Write-Step ('started: ' + (Get-Service -Name $ServiceName).Status + '. Next: ' + $NodePath + ' ' + (Join-Path $app 'node_modules\tsx\dist\cli.mjs') + ' scripts\doctor.ts (npm run doctor), in ' + $app)
}
if ($WhatIfPreference) { Write-Step 'WhatIf: nothing was changed.' }
