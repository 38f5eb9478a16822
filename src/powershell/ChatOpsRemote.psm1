<#
.SYNOPSIS
    Runs the worker's step scripts on another server through a PowerShell remoting session.
.DESCRIPTION
    Loaded by the windows-remote prelude into the worker's warm (local) shell. The prelude opens
    one PSSession (WinRM with Kerberos on Windows, SSH in the tests), copies the step scripts to a
    folder of the remote session's temporary directory (so that a script's $PSScriptRoot and the
    helpers it dot-sources exist on the far side), and runs the remote half of the prelude there.
    From then on Invoke-ChatOpsScript hands every step to Invoke-ChatOpsRemoteScript:
    Invoke-Command -Session runs the script file in the remote session with the parameters as
    data (a hashtable, serialized by remoting and splatted inside), and answers what a local shell
    answers: the JSON of the script's last output object, or its error (message, category, id).
    A session that is no longer open is reopened before the next step; a session that breaks
    during a step is reported as broken, and the worker replaces the whole shell.
    JEA mode (-Jea: a JEA endpoint, RestrictedRemoteServer in NoLanguage): no script block can be
    sent, so nothing is copied and no remote half runs. The endpoint's own function
    Invoke-ChatOpsStep (src/powershell/jea-step-function.ps1, installed by grant-bot-rights.ps1)
    runs each step, called through the [PowerShell] API on the session's runspace with the
    script's path relative to the release and its parameters as data. It answers as RunScript does.
    Must parse and run on Windows PowerShell 5.1 as well as PowerShell 7.
#>

$script:Remote = $null

# Writes the scripts (relative path -> text) under a folder of the remote temp directory.
# $Root empty: a new folder for this session (older ones of this worker's sessions are removed).
$script:WriteScripts = {
    param($Root, $Files, $Tag)
    if (-not $Root) {
        $base = Join-Path ([System.IO.Path]::GetTempPath()) 'chatops-bot-scripts'
        if (-not (Test-Path -LiteralPath $base)) { New-Item -ItemType Directory -Path $base -Force | Out-Null }
        Get-ChildItem -LiteralPath $base -Directory -ErrorAction SilentlyContinue |
            Where-Object { $_.Name -like ($Tag + '-*') -and $_.LastWriteTime -lt (Get-Date).AddDays(-1) } |
            Remove-Item -Recurse -Force -ErrorAction SilentlyContinue
        $Root = Join-Path $base ($Tag + '-' + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $Root -Force | Out-Null
    }
    $encoding = New-Object System.Text.UTF8Encoding $true
    foreach ($relative in $Files.Keys) {
        $target = Join-Path $Root $relative
        $folder = Split-Path -Parent $target
        if (-not (Test-Path -LiteralPath $folder)) { New-Item -ItemType Directory -Path $folder -Force | Out-Null }
        [System.IO.File]::WriteAllText($target, [string]$Files[$relative], $encoding)
    }
    $Root
}

# Runs one script of that folder with its parameters splatted; answers with data, never throws.
$script:RunScript = {
    param($Root, $Relative, $Splat)
    $previous = $global:ErrorActionPreference
    $global:ErrorActionPreference = 'Stop'
    try {
        $path = Join-Path $Root $Relative
        if ($null -eq $Splat) { $Splat = @{} }
        $output = & $path @Splat
        $last = $null
        foreach ($item in @($output)) { $last = $item }
        @{ ok = $true; json = (ConvertTo-Json -InputObject $last -Depth 12 -Compress) }
    } catch {
        $record = $_
        @{
            ok    = $false
            error = @{
                message  = $record.Exception.Message
                category = [string]$record.CategoryInfo.Category
                id       = [string]$record.FullyQualifiedErrorId
            }
        }
    } finally {
        $global:ErrorActionPreference = $previous
    }
}

function Get-ChatOpsScriptFiles {
    # Every script (and data file) under the given folders of the local tree, as relative path -> text.
    param([string]$LocalRoot, [string[]]$Folders)
    $files = @{}
    foreach ($folder in $Folders) {
        $full = Join-Path $LocalRoot $folder
        if (-not (Test-Path -LiteralPath $full)) { continue }
        foreach ($file in Get-ChildItem -LiteralPath $full -Recurse -File) {
            # Scripts, and the data they read (the lab's cmdlet-parameters.json).
            if ($file.Extension -notin @('.ps1', '.psm1', '.psd1', '.json')) { continue }
            $relative = $file.FullName.Substring($LocalRoot.Length).TrimStart('\', '/').Replace('\', '/')
            $files[$relative] = [System.IO.File]::ReadAllText($file.FullName)
        }
    }
    $files
}

function Invoke-ChatOpsJeaCommand {
    # One call of the endpoint's Invoke-ChatOpsStep with its parameters as data (no script block).
    # Its answer; a refusal by the endpoint (a parameter it does not take) as @{ ok = $false; error };
    # a transport failure (the session broke) as @{ broken = $true; error }.
    param([Parameter(Mandatory = $true)]$Session, [Parameter(Mandatory = $true)][hashtable]$Parameters)
    $answer = $null
    $ps = [PowerShell]::Create()
    try {
        $ps.Runspace = $Session.Runspace
        [void]$ps.AddCommand('Invoke-ChatOpsStep').AddParameters($Parameters)
        $answers = $ps.Invoke()
        foreach ($item in @($answers)) { if ($null -ne $item -and $null -ne $item.ok) { $answer = $item } }
        if ($null -ne $answer) { return $answer }
        $first = @($ps.Streams.Error) | Select-Object -First 1
        $message = 'the JEA endpoint gave no answer'
        if ($null -ne $first) { $message = $first.Exception.Message }
        return @{ broken = $true; error = @{ message = $message; category = 'ConnectionError'; id = 'ChatOpsRemoteNoAnswer' } }
    } catch {
        $failure = $_.Exception
        while ($failure -is [System.Management.Automation.MethodInvocationException] -and $null -ne $failure.InnerException) { $failure = $failure.InnerException }
        $opened = [string]$Session.Runspace.RunspaceStateInfo.State -eq 'Opened'
        if ($opened -and $failure -is [System.Management.Automation.RemoteException] -and $null -ne $failure.ErrorRecord) {
            $record = $failure.ErrorRecord
            return @{ ok = $false; error = @{ message = $failure.Message; category = [string]$record.CategoryInfo.Category; id = [string]$record.FullyQualifiedErrorId } }
        }
        $id = 'ChatOpsRemoteNoAnswer'
        if ($failure -is [System.Management.Automation.IContainsErrorRecord] -and $null -ne $failure.ErrorRecord) { $id = [string]$failure.ErrorRecord.FullyQualifiedErrorId }
        return @{ broken = $true; error = @{ message = $failure.Message; category = 'ConnectionError'; id = $id } }
    } finally {
        $ps.Dispose()
    }
}

function Open-ChatOpsRemoteSession {
    <#
    .SYNOPSIS
        Opens the session, copies the scripts over and runs the remote half of the prelude.
    .PARAMETER Connect
        The parameters of New-PSSession (ComputerName or HostName, ConfigurationName, ...).
    .PARAMETER LocalRoot
        The worker's release folder; script paths are taken relative to it.
    .PARAMETER Folders
        The folders of the release whose scripts are copied to the remote session.
    .PARAMETER InitScript
        The remote half of the prelude (relative to LocalRoot), run in the remote session.
    .PARAMETER InitParams
        Its parameters.
    .PARAMETER Jea
        The far side is a JEA endpoint: nothing is copied, no init script runs; its Invoke-ChatOpsStep
        is asked for the scripts it runs (-ListScripts).
    #>
    param(
        [Parameter(Mandatory = $true)][hashtable]$Connect,
        [Parameter(Mandatory = $true)][string]$LocalRoot,
        [string[]]$Folders = @(),
        [string]$InitScript = '',
        [hashtable]$InitParams = @{},
        [switch]$Jea
    )
    $LocalRoot = (Resolve-Path -LiteralPath $LocalRoot).ProviderPath
    $session = New-PSSession @Connect -ErrorAction Stop
    if ($Jea) {
        $list = Invoke-ChatOpsJeaCommand -Session $session -Parameters @{ ListScripts = $true }
        if (-not $list.ok) {
            Remove-PSSession -Session $session -ErrorAction SilentlyContinue
            throw ('The session opened, but the endpoint answers no Invoke-ChatOpsStep -ListScripts (is it the bot''s JEA endpoint, installed by grant-bot-rights.ps1?): ' + $list.error.message)
        }
        $script:Remote = @{
            Connect   = $Connect
            LocalRoot = $LocalRoot
            Jea       = $true
            Scripts   = @($list.scripts | ForEach-Object { [string]$_ })
            Session   = $session
            Opened    = 1
        }
        return (ConvertTo-Json -Compress -InputObject @{ jea = $true; scripts = $script:Remote.Scripts.Count })
    }
    try {
        $files = Get-ChatOpsScriptFiles -LocalRoot $LocalRoot -Folders $Folders
        $remoteRoot = Invoke-Command -Session $session -ScriptBlock $script:WriteScripts -ArgumentList $null, $files, 'worker' -ErrorAction Stop
        $init = Invoke-Command -Session $session -ScriptBlock $script:RunScript -ArgumentList $remoteRoot, $InitScript, $InitParams -ErrorAction Stop
        if (-not $init.ok) { throw ('The remote session opened, but preparing it failed: ' + $init.error.message) }
    } catch {
        Remove-PSSession -Session $session -ErrorAction SilentlyContinue
        throw
    }
    $script:Remote = @{
        Connect    = $Connect
        LocalRoot  = $LocalRoot
        Folders    = $Folders
        InitScript = $InitScript
        InitParams = $InitParams
        Session    = $session
        RemoteRoot = $remoteRoot
        Extra      = @{}
        Jea        = $false
        Opened     = 1
    }
    $init.json
}

function Get-ChatOpsRemoteInfo {
    # For tests and doctor: the session's state, its folder and how often it was opened.
    if ($null -eq $script:Remote) { return $null }
    @{
        state      = [string]$script:Remote.Session.State
        remoteRoot = [string]$script:Remote.RemoteRoot
        opened     = $script:Remote.Opened
        jea        = [bool]$script:Remote.Jea
    }
}

function Resolve-ChatOpsRemotePath {
    # A script of the release: its copy. Any other script: copied once (by content) into _extra.
    param([string]$Path)
    $remote = $script:Remote
    $full = [System.IO.Path]::GetFullPath($Path)
    $root = $remote.LocalRoot.TrimEnd('\', '/')
    foreach ($folder in $remote.Folders) {
        $prefix = (Join-Path $root $folder).TrimEnd('\', '/')
        if ($full.StartsWith($prefix + [System.IO.Path]::DirectorySeparatorChar) -or $full.StartsWith($prefix + '/')) {
            return $full.Substring($root.Length).TrimStart('\', '/').Replace('\', '/')
        }
    }
    $text = [System.IO.File]::ReadAllText($full)
    $sha = [System.Security.Cryptography.SHA256]::Create()
    $hash = ([System.BitConverter]::ToString($sha.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($full + "`n" + $text)))).Replace('-', '').Substring(0, 16)
    $relative = '_extra/' + $hash + '/' + [System.IO.Path]::GetFileName($full)
    if (-not $remote.Extra.ContainsKey($relative)) {
        $files = @{}
        $files[$relative] = $text
        Invoke-Command -Session $remote.Session -ScriptBlock $script:WriteScripts -ArgumentList $remote.RemoteRoot, $files, 'worker' -ErrorAction Stop | Out-Null
        $remote.Extra[$relative] = $true
    }
    $relative
}

function Invoke-ChatOpsRemoteScript {
    <#
    .SYNOPSIS
        Runs one step script in the remote session: @{ ok; json } or @{ ok = $false; error } or @{ broken; error }.
    .PARAMETER Path
        The script's local path (its copy on the remote side is run).
    .PARAMETER Splat
        Its parameters (data).
    #>
    param(
        [Parameter(Mandatory = $true)][string]$Path,
        [hashtable]$Splat = @{}
    )
    $remote = $script:Remote
    if ($null -eq $remote) { return @{ broken = $true; error = @{ message = 'no remote session was opened'; category = 'InvalidOperation'; id = 'ChatOpsNoRemoteSession' } } }
    $state = [string]$remote.Session.State
    if ($state -ne 'Opened') {
        # Dropped while idle (server restarted, network, idle timeout): reopen before this step.
        Remove-PSSession -Session $remote.Session -ErrorAction SilentlyContinue
        try {
            $opened = $remote.Opened
            if ($remote.Jea) {
                Open-ChatOpsRemoteSession -Connect $remote.Connect -LocalRoot $remote.LocalRoot -Jea | Out-Null
            } else {
                Open-ChatOpsRemoteSession -Connect $remote.Connect -LocalRoot $remote.LocalRoot -Folders $remote.Folders -InitScript $remote.InitScript -InitParams $remote.InitParams | Out-Null
            }
            $script:Remote.Opened = $opened + 1
            $remote = $script:Remote
        } catch {
            return @{ broken = $true; error = @{ message = ('The remote session was ' + $state + ' and could not be reopened: ' + $_.Exception.Message); category = [string]$_.CategoryInfo.Category; id = [string]$_.FullyQualifiedErrorId } }
        }
    }
    if ($remote.Jea) {
        # Only a script of the release that the endpoint runs; refused here, before anything is sent.
        $full = [System.IO.Path]::GetFullPath($Path)
        $root = $remote.LocalRoot.TrimEnd('\', '/')
        $relative = ''
        if ($full.StartsWith($root + [System.IO.Path]::DirectorySeparatorChar) -or $full.StartsWith($root + '/')) { $relative = $full.Substring($root.Length).TrimStart('\', '/').Replace('\', '/') }
        if (-not $relative -or $remote.Scripts -notcontains $relative) {
            $shown = $relative
            if (-not $shown) { $shown = $full }
            return @{ ok = $false; error = @{ message = ('The JEA endpoint on ' + $remote.Session.ComputerName + ' does not run ' + $shown + ': it runs only the scripts grant-bot-rights.ps1 installed (re-run it after upgrading the bot).'); category = 'PermissionDenied'; id = 'ChatOpsJeaScriptNotAllowed' } }
        }
        if ($null -eq $Splat) { $Splat = @{} }
        $answer = Invoke-ChatOpsJeaCommand -Session $remote.Session -Parameters @{ Script = $relative; Parameters = $Splat }
        if ($answer.broken) { $answer.error.message = 'The remote session to ' + $remote.Session.ComputerName + ' broke during the step: ' + $answer.error.message }
        return $answer
    }
    $transportErrors = $null
    try {
        $relative = Resolve-ChatOpsRemotePath -Path $Path
        $answers = Invoke-Command -Session $remote.Session -ScriptBlock $script:RunScript -ArgumentList $remote.RemoteRoot, $relative, $Splat -ErrorAction SilentlyContinue -ErrorVariable transportErrors
    } catch {
        $transportErrors = @($_)
        $answers = $null
    }
    $answer = $null
    foreach ($item in @($answers)) { if ($null -ne $item -and $null -ne $item.ok) { $answer = $item } }
    if ($null -ne $answer) { return $answer }
    $message = 'the remote session gave no answer'
    $id = 'ChatOpsRemoteNoAnswer'
    $category = 'ConnectionError'
    $first = @($transportErrors) | Select-Object -First 1
    if ($null -ne $first) {
        $message = $first.Exception.Message
        $id = [string]$first.FullyQualifiedErrorId
        $category = [string]$first.CategoryInfo.Category
    }
    @{ broken = $true; error = @{ message = ('The remote session to ' + $remote.Session.ComputerName + ' broke during the step: ' + $message); category = $category; id = $id } }
}

Export-ModuleMember -Function Open-ChatOpsRemoteSession, Invoke-ChatOpsRemoteScript, Get-ChatOpsRemoteInfo
