<#
.SYNOPSIS
    The lab: a stand-in for Exchange, Active Directory and the Windows hosts of a Windows Server
    Essentials network, with the real cmdlet and parameter names.
.DESCRIPTION
    State lives in one JSON file per host (<LabDir>/<Host>.json), written atomically (write, then
    rename) under a lock file, so the WSE and EXCH shells can both touch the domain (kept on WSE, the
    domain controller). Cmdlets fail the way the real ones do: non-terminating "couldn't be found"
    errors, terminating errors for conflicts and bad values, with Exchange's wording.
    The module shadows Restart-Computer and Stop-Computer: on Linux the real ones shut the machine
    down, and nothing the lab runs may ever do that. A simulated reboot makes the host unreachable
    for LAB_REBOOT_SECONDS, then moves its LastBootUpTime. It shadows New-EventLog and
    Write-EventLog too (PowerShell 7 on Linux has neither): sources are kept in the host's state,
    entries go to its calls log.
    Parses on Windows PowerShell 5.1 as well as PowerShell 7.
#>

$script:LabDir = $null
$script:LabHost = $null
$script:RebootSeconds = 5

# ---------------------------------------------------------------- state files

function Initialize-Lab {
    <# .SYNOPSIS Binds this shell to one lab host and creates missing state files from a preset. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string]$LabDir,
        [Parameter(Mandatory = $true)][ValidateSet('WSE', 'EXCH')][string]$HostName,
        [ValidateSet('deployed', 'fresh')][string]$Preset = 'deployed',
        [ValidateRange(0, 3600)][int]$RebootSeconds = 5,
        [ValidateSet('2010', '2013', '2016', '2019', 'SE')][string]$ExchangeVersion = '2013',
        [ValidateSet('', '2008R2', '2012', '2012R2', '2016', '2019', '2022', '2025')][string]$WindowsVersion = '',
        [ValidateSet('2012', '2012R2', '2016')][string]$DcVersion = '2012R2'
    )
    $script:LabDir = $LabDir
    $script:LabHost = $HostName
    # As on the real host: the administrator the worker runs as, and the computer's name.
    $env:USERNAME = 'Administrator'
    $env:COMPUTERNAME = $HostName
    if (-not $env:ProgramFiles) { $env:ProgramFiles = 'C:\Program Files' }
    $script:RebootSeconds = $RebootSeconds
    Get-LabCmdletTable | Out-Null # read once, when the shell starts, not in a step's time
    if (-not (Test-Path -LiteralPath $LabDir)) { New-Item -ItemType Directory -Path $LabDir -Force | Out-Null }
    foreach ($name in @('WSE', 'EXCH')) {
        $path = Get-LabStatePath $name
        if (-not (Test-Path -LiteralPath $path)) {
            Invoke-LabLocked $name {
                if (-not (Test-Path -LiteralPath $path)) { Write-LabStateFile $name (New-LabPresetState -Preset $Preset -HostName $name -ExchangeVersion $ExchangeVersion -WindowsVersion $WindowsVersion -DcVersion $DcVersion) }
            }
        }
    }
}

function Connect-Lab {
    <#
    .SYNOPSIS
        Binds this process to one lab host without creating or changing any state: for a helper that
        runs beside the worker's shells (the Event Log writer), whose lab those shells make.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string]$LabDir,
        [Parameter(Mandatory = $true)][ValidateSet('WSE', 'EXCH')][string]$HostName
    )
    $script:LabDir = $LabDir
    $script:LabHost = $HostName
}

function Get-LabStatePath([string]$HostName) { return (Join-Path $script:LabDir ($HostName + '.json')) }

function Read-LabState([string]$HostName) {
    $text = [System.IO.File]::ReadAllText((Get-LabStatePath $HostName), [System.Text.Encoding]::UTF8)
    return (ConvertFrom-Json -InputObject $text)
}

function Write-LabStateFile([string]$HostName, $State) {
    $path = Get-LabStatePath $HostName
    $temp = $path + '.' + [System.Guid]::NewGuid().ToString('N') + '.tmp'
    $json = ConvertTo-Json -InputObject (ConvertTo-LabPlainDates $State) -Depth 12
    [System.IO.File]::WriteAllText($temp, $json, (New-Object System.Text.UTF8Encoding($false)))
    Move-LabFileInto $temp $path
}

function Move-LabFileInto([string]$Temp, [string]$Path) {
    # Puts a finished file in place in one rename, so a reader never finds it missing or half
    # written: Move-Item -Force deletes the old file first, and a shell reading without the lock
    # (a prelude, a probe) then finds no file.
    if ([System.IO.File]::Exists($Path)) { [System.IO.File]::Replace($Temp, $Path, [NullString]::Value) } else { [System.IO.File]::Move($Temp, $Path) }
}

function ConvertTo-LabPlainDates($Value) {
    # Every date goes back to the file as an ISO 8601 string, whatever ConvertFrom-Json made of it.
    if ($null -eq $Value) { return $null }
    if ($Value -is [DateTime]) { return $Value.ToUniversalTime().ToString('o') }
    if ($Value -is [string] -or $Value.GetType().IsPrimitive) { return $Value }
    if ($Value -is [System.Collections.IDictionary]) {
        $copy = [ordered]@{}
        foreach ($k in $Value.Keys) { $copy[$k] = ConvertTo-LabPlainDates $Value[$k] }
        return $copy
    }
    if ($Value -is [System.Collections.IEnumerable]) {
        $items = @()
        foreach ($item in $Value) { $items += , (ConvertTo-LabPlainDates $item) }
        return , $items
    }
    $object = [ordered]@{}
    foreach ($p in $Value.PSObject.Properties) { $object[$p.Name] = ConvertTo-LabPlainDates $p.Value }
    return $object
}

function Invoke-LabLocked([string]$HostName, [scriptblock]$Action, [int]$WaitSeconds = 15) {
    # The lock is the operating system's: the lock file opened with no sharing (an exclusive flock on
    # Linux, a sharing lock on Windows), which the system lets go of when its holder ends, however it
    # ends. A shell killed mid-write (its worker SIGKILLed) leaves no lock behind, and no two writers
    # can both decide that a lock was abandoned and go in together, as they could when a lock was a
    # file whose owner had to be judged dead. The file itself stays.
    $lock = (Get-LabStatePath $HostName) + '.lock'
    $deadline = (Get-Date).AddSeconds($WaitSeconds)
    $stream = $null
    while ($null -eq $stream) {
        try {
            $stream = [System.IO.File]::Open($lock, [System.IO.FileMode]::OpenOrCreate, [System.IO.FileAccess]::ReadWrite, [System.IO.FileShare]::None)
        } catch {
            if ((Get-Date) -gt $deadline) { throw "The lab state of $HostName is locked: $lock" }
            Start-Sleep -Milliseconds 20
        }
    }
    try { & $Action } finally { $stream.Dispose() }
}

function Update-LabState([string]$HostName, [scriptblock]$Change) {
    <# Read-modify-write of one host's state under its lock; $Change gets the state as $args[0]. #>
    return (Invoke-LabLocked $HostName {
            $state = Read-LabState $HostName
            $changeResult = & $Change $state
            Write-LabStateFile $HostName $state
            $changeResult
        })
}

$script:LabQuiet = $false

function Write-LabCall([string]$Cmdlet, $Arguments) {
    # Append-only record of what changed the lab, for tests and the curious. Never holds secrets.
    # Quiet while the lab sets itself up (the role group made by the grant script at the start).
    if ($script:LabQuiet) { return }
    $line = ConvertTo-Json -Compress -Depth 5 -InputObject ([ordered]@{ at = (Get-Date).ToUniversalTime().ToString('o'); host = $script:LabHost; cmdlet = $Cmdlet; args = $Arguments })
    $path = Join-Path $script:LabDir ($script:LabHost + '.calls.jsonl')
    [System.IO.File]::AppendAllText($path, $line + "`n", (New-Object System.Text.UTF8Encoding($false)))
}

function Wait-LabSlowCmdlet([string]$Cmdlet) {
    # LAB_SLOW="New-Mailbox=3000,Set-Mailbox=500": a test's way to widen a crash window (ms, after the write).
    if (-not $env:LAB_SLOW) { return }
    foreach ($pair in $env:LAB_SLOW.Split(',')) {
        $parts = $pair.Split('=')
        if ($parts.Count -eq 2 -and $parts[0].Trim() -eq $Cmdlet) { Start-Sleep -Milliseconds ([int]$parts[1]) }
    }
}

function New-LabErrorRecord([string]$Message, [System.Management.Automation.ErrorCategory]$Category, [string]$Id, $Target) {
    $exception = New-Object System.InvalidOperationException($Message)
    return (New-Object System.Management.Automation.ErrorRecord($exception, $Id, $Category, $Target))
}

function ConvertTo-LabDate($Value) {
    # PowerShell 7's ConvertFrom-Json turns ISO strings into DateTime; 5.1 leaves them strings.
    if ($Value -is [DateTime]) { return $Value.ToUniversalTime() }
    return [DateTime]::Parse([string]$Value, [System.Globalization.CultureInfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::RoundtripKind).ToUniversalTime()
}

function Assert-LabReachable([string]$HostName) {
    if (-not $HostName) { $HostName = $script:LabHost }
    if (-not $script:LabDir) { throw 'The lab is not initialized in this shell (Initialize-Lab).' }
    $state = Read-LabState $HostName
    if ($state.RebootingUntil) {
        if ((Get-Date).ToUniversalTime() -lt (ConvertTo-LabDate $state.RebootingUntil)) {
            throw (New-LabErrorRecord "Connecting to remote server $HostName failed with the following error message : WinRM cannot complete the operation. Verify that the specified computer name is valid, that the computer is accessible over the network." ([System.Management.Automation.ErrorCategory]::OpenError) 'WinRMOperationTimeout,PSSessionStateBroken' $HostName)
        }
    }
    return $state
}

function Assert-LabExchange {
    $state = Assert-LabReachable $script:LabHost
    if (-not $state.exchange -or -not $state.exchange.installed) {
        throw (New-LabErrorRecord "The term is not recognized: Exchange Management Shell is not installed on $($script:LabHost)." ([System.Management.Automation.ErrorCategory]::ObjectNotFound) 'CommandNotFoundException' $script:LabHost)
    }
    Assert-LabVersionParameters ([string]$state.exchange.version)
    return $state
}

# Which Exchange version has which cmdlet and parameter, from Microsoft's cmdlet reference
# (cmdlet-parameters.json, made by scripts/gen-cmdlet-parameters.mjs): the lab's cmdlets refuse
# what the version they play lacks, as the real Exchange Management Shell would.
$script:LabCmdletTable = $null
$script:LabCommonParameters = @('Verbose', 'Debug', 'ErrorAction', 'WarningAction', 'InformationAction', 'ErrorVariable', 'WarningVariable', 'InformationVariable', 'OutVariable', 'OutBuffer', 'PipelineVariable', 'ProgressAction')

function Get-LabCmdletTable {
    # cmdlet -> @{ versions = @{ '2013' = $true; ... }; parameters = @{ Name = @{ '2013' = $true; ... } } }: hashtables, for quick lookups.
    if ($null -eq $script:LabCmdletTable) {
        $json = ConvertFrom-Json -InputObject ([System.IO.File]::ReadAllText((Join-Path $PSScriptRoot 'cmdlet-parameters.json'), [System.Text.Encoding]::UTF8))
        $table = @{}
        foreach ($c in $json.cmdlets.PSObject.Properties) {
            $versions = @{}
            foreach ($v in @($c.Value.versions)) { $versions[[string]$v] = $true }
            $parameters = @{}
            foreach ($p in $c.Value.parameters.PSObject.Properties) {
                $has = @{}
                foreach ($v in @($p.Value)) { $has[[string]$v] = $true }
                $parameters[$p.Name] = $has
            }
            $table[$c.Name] = @{ versions = $versions; parameters = $parameters }
        }
        $script:LabCmdletTable = $table
    }
    return $script:LabCmdletTable
}

function Assert-LabVersionParameters([string]$Version) {
    # The nearest caller on the stack that is an Exchange cmdlet of the table is the one to check.
    $table = Get-LabCmdletTable
    $frames = Get-PSCallStack
    for ($i = 1; $i -lt $frames.Count; $i++) {
        $invocation = $frames[$i].InvocationInfo
        if (-not $invocation -or -not $invocation.MyCommand) { continue }
        $name = [string]$invocation.MyCommand.Name
        if (-not $table.ContainsKey($name)) { continue }
        $entry = $table[$name]
        if (-not $entry.versions.ContainsKey($Version)) {
            throw (New-LabErrorRecord "The term '$name' is not recognized as the name of a cmdlet, function, script file, or operable program (Exchange $Version has no $name)." ([System.Management.Automation.ErrorCategory]::ObjectNotFound) 'CommandNotFoundException' $name)
        }
        foreach ($p in @($invocation.BoundParameters.Keys)) {
            if ($script:LabCommonParameters -contains $p) { continue }
            if (-not $entry.parameters.ContainsKey($p) -or -not $entry.parameters[$p].ContainsKey($Version)) {
                throw (New-LabErrorRecord "A parameter cannot be found that matches parameter name '$p' ($name in Exchange $Version)." ([System.Management.Automation.ErrorCategory]::InvalidArgument) "NamedParameterNotFound,$name" $p)
            }
        }
        return
    }
}

# ---------------------------------------------------------------- presets

# The Windows features the guide's InstallDependencies.ps1 adds; the first ones need a restart to count.
$script:ExchangeFeatures = @('NET-Framework-45-Features', 'RSAT-ADDS', 'Web-Server', 'Web-Basic-Auth', 'Web-Windows-Auth', 'Web-Metabase', 'Web-Net-Ext45', 'Web-Lgcy-Mgmt-Console', 'WAS-Process-Model', 'RSAT-Web-Server', 'Web-ISAPI-Ext', 'Web-Digest-Auth', 'Web-Dyn-Compression', 'NET-WCF-HTTP-Activation45', 'Web-Asp-Net45', 'Web-Client-Auth', 'Web-Dir-Browsing', 'Web-Http-Errors', 'Web-Http-Logging', 'Web-Http-Redirect', 'Web-Http-Tracing', 'Web-ISAPI-Filter', 'Web-Request-Monitor', 'Web-Static-Content', 'Web-WMI', 'RPC-over-HTTP-proxy', 'Windows-Identity-Foundation', 'Server-Media-Foundation')
$script:RestartFeatures = @('NET-Framework-45-Features', 'RPC-over-HTTP-proxy', 'Windows-Identity-Foundation', 'Server-Media-Foundation')

# Exchange 2016 (on 2012 R2 / 2016) and 2019 / SE (on 2019 and later): Microsoft's prerequisite lists.
$script:Exchange2016Features = @('NET-Framework-45-Features', 'Server-Media-Foundation', 'RPC-over-HTTP-proxy', 'RSAT-Clustering', 'RSAT-Clustering-CmdInterface', 'RSAT-Clustering-Mgmt', 'RSAT-Clustering-PowerShell', 'WAS-Process-Model', 'Web-Asp-Net45', 'Web-Basic-Auth', 'Web-Client-Auth', 'Web-Digest-Auth', 'Web-Dir-Browsing', 'Web-Dyn-Compression', 'Web-Http-Errors', 'Web-Http-Logging', 'Web-Http-Redirect', 'Web-Http-Tracing', 'Web-ISAPI-Ext', 'Web-ISAPI-Filter', 'Web-Lgcy-Mgmt-Console', 'Web-Metabase', 'Web-Mgmt-Console', 'Web-Mgmt-Service', 'Web-Net-Ext45', 'Web-Request-Monitor', 'Web-Server', 'Web-Stat-Compression', 'Web-Static-Content', 'Web-Windows-Auth', 'Web-WMI', 'Windows-Identity-Foundation', 'RSAT-ADDS')
$script:Exchange2019Features = @('Server-Media-Foundation', 'NET-Framework-45-Core', 'NET-Framework-45-ASPNET', 'NET-WCF-HTTP-Activation45', 'NET-WCF-Pipe-Activation45', 'NET-WCF-TCP-Activation45', 'NET-WCF-TCP-PortSharing45', 'RPC-over-HTTP-proxy', 'RSAT-Clustering', 'RSAT-Clustering-CmdInterface', 'RSAT-Clustering-PowerShell', 'WAS-Process-Model', 'Web-Asp-Net45', 'Web-Basic-Auth', 'Web-Client-Auth', 'Web-Digest-Auth', 'Web-Dir-Browsing', 'Web-Dyn-Compression', 'Web-Http-Errors', 'Web-Http-Logging', 'Web-Http-Redirect', 'Web-Http-Tracing', 'Web-ISAPI-Ext', 'Web-ISAPI-Filter', 'Web-Metabase', 'Web-Mgmt-Service', 'Web-Net-Ext45', 'Web-Request-Monitor', 'Web-Server', 'Web-Stat-Compression', 'Web-Static-Content', 'Web-Windows-Auth', 'Web-WMI', 'RSAT-ADDS')
$script:RestartFeatures = @('NET-Framework-45-Features', 'RPC-over-HTTP-proxy', 'Windows-Identity-Foundation', 'Server-Media-Foundation')
# Exchange 2010 SP1's own list (the guide's InstallDependencies.ps1 for 2010).
$script:Exchange2010Features = @('NET-Framework', 'RSAT-ADDS', 'Web-Server', 'Web-Basic-Auth', 'Web-Windows-Auth', 'Web-Metabase', 'Web-Net-Ext', 'Web-Lgcy-Mgmt-Console', 'WAS-Process-Model', 'RSAT-Web-Server', 'Web-ISAPI-Ext', 'Web-Digest-Auth', 'Web-Dyn-Compression', 'NET-HTTP-Activation', 'Web-Asp-Net', 'Web-Client-Auth', 'Web-Dir-Browsing', 'Web-Http-Errors', 'Web-Http-Logging', 'Web-Http-Redirect', 'Web-Http-Tracing', 'Web-ISAPI-Filter', 'Web-Request-Monitor', 'Web-Static-Content', 'Web-WMI', 'RPC-Over-HTTP-Proxy')

# The software Exchange setup checks for besides Windows features (2016 CU22+, 2019 CU11+, SE), as
# the registry shows it once installed: the installer's file name, and its Uninstall DisplayName.
$script:LabPrerequisites = @(
    [ordered]@{ Id = 'dotnet48'; File = 'ndp48-x86-x64-allos-enu.exe'; DisplayName = 'Microsoft .NET Framework 4.8' },
    [ordered]@{ Id = 'vcredist2012'; File = 'vcredist_x64_2012.exe'; DisplayName = 'Microsoft Visual C++ 2012 Redistributable (x64) - 11.0.61030' },
    [ordered]@{ Id = 'vcredist2013'; File = 'vcredist_x64_2013.exe'; DisplayName = 'Microsoft Visual C++ 2013 Redistributable (x64) - 12.0.40664' },
    [ordered]@{ Id = 'ucma4'; File = 'UcmaRuntimeSetup.exe'; DisplayName = 'Microsoft Unified Communications Managed API 4.0, Runtime' },
    [ordered]@{ Id = 'urlrewrite'; File = 'rewrite_amd64_en-US.msi'; DisplayName = 'IIS URL Rewrite Module 2' }
)

function Get-LabFeatureNames([string]$Version) {
    if ($Version -eq '2010') { return $script:Exchange2010Features }
    if ($Version -eq '2016') { return $script:Exchange2016Features }
    if ($Version -eq '2019' -or $Version -eq 'SE') { return $script:Exchange2019Features }
    return $script:ExchangeFeatures
}

function Get-LabDefaultWindows([string]$Version) {
    switch ($Version) { '2016' { return '2016' } '2019' { return '2022' } 'SE' { return '2022' } default { return '2012R2' } }
}

function Get-LabWindowsCaption([string]$Windows, [string]$Edition) {
    $name = $Windows -replace 'R2$', ' R2'
    return "Microsoft Windows Server $name $Edition"
}

function New-LabFeatureList([switch]$Installed, [string]$Version = '2013') {
    $state = 'Available'
    if ($Installed) { $state = 'Installed' }
    return @(Get-LabFeatureNames $Version | ForEach-Object { [ordered]@{ Name = $_; InstallState = $state } })
}

function New-LabExchangeServices {
    # The services Exchange 2013 setup installs that matter for mail flow and clients.
    return @(
        [ordered]@{ Name = 'MSExchangeADTopology'; DisplayName = 'Microsoft Exchange Active Directory Topology'; Status = 'Running'; StartType = 'Automatic' },
        [ordered]@{ Name = 'MSExchangeIS'; DisplayName = 'Microsoft Exchange Information Store'; Status = 'Running'; StartType = 'Automatic' },
        [ordered]@{ Name = 'MSExchangeTransport'; DisplayName = 'Microsoft Exchange Transport'; Status = 'Running'; StartType = 'Automatic' },
        [ordered]@{ Name = 'MSExchangeFrontEndTransport'; DisplayName = 'Microsoft Exchange Frontend Transport'; Status = 'Running'; StartType = 'Automatic' },
        [ordered]@{ Name = 'MSExchangeRPC'; DisplayName = 'Microsoft Exchange RPC Client Access'; Status = 'Running'; StartType = 'Automatic' }
    )
}

# A mailbox's Guid is its AD account's objectGUID, as in Exchange.
$script:LabAdministratorGuid = 'a0d0e1f2-0000-4000-8000-000000000500'

function New-LabPresetState {
    param([string]$Preset, [string]$HostName, [string]$ExchangeVersion = '2013', [string]$WindowsVersion = '', [string]$DcVersion = '2012R2')
    $boot = (Get-Date).ToUniversalTime().AddDays(-3).ToString('o')
    if ($HostName -eq 'WSE') {
        # The Essentials server is the domain controller: its Windows is the forest's functional level.
        $forest = 'Windows' + $DcVersion + 'Forest'
        return [ordered]@{
            Host            = 'WSE'
            ComputerName    = 'WSE'
            OperatingSystem = (Get-LabWindowsCaption $DcVersion 'Essentials')
            forestMode      = $forest
            LastBootUpTime  = $boot
            RebootingUntil  = $null
            domain          = [ordered]@{ DNSRoot = 'contoso.local'; NetBIOSName = 'CONTOSO'; DistinguishedName = 'DC=contoso,DC=local' }
            adUsers         = @(
                [ordered]@{ Name = 'Administrator'; SamAccountName = 'Administrator'; UserPrincipalName = 'Administrator@contoso.local'
                    DistinguishedName = 'CN=Administrator,CN=Users,DC=contoso,DC=local'; GivenName = $null; Surname = $null; Enabled = $true
                    adminCount = 1; InheritanceDisabled = $true; MemberOf = @(@('Domain Admins', 'Enterprise Admins') | Where-Object { $Preset -eq 'deployed' -or $_ -ne 'Enterprise Admins' }); PasswordLastSet = $boot
                    ObjectGUID = $script:LabAdministratorGuid }
            )
            exchangeIntegration = ($Preset -eq 'deployed')
            services        = @([ordered]@{ Name = 'TSGateway'; DisplayName = 'Remote Desktop Gateway'; Status = 'Running'; StartType = 'Automatic' })
            dnsZones        = @([ordered]@{ ZoneName = 'contoso.local'; IsDsIntegrated = $true; ReplicationScope = 'Domain'; records = @() })
            arr             = $null
            wssCmdlets      = ($DcVersion -ne '2012')
            disks           = @([ordered]@{ DeviceID = 'C:'; Size = 214748364800; FreeSpace = 128849018880 })
        }
    }
    $deployed = ($Preset -eq 'deployed')
    if (-not $WindowsVersion) { $WindowsVersion = Get-LabDefaultWindows $ExchangeVersion }
    # .NET Framework 4.8 comes with Windows Server 2022 and 2025; the rest is installed for Exchange.
    $programs = @()
    if (@('2016', '2019', 'SE') -contains $ExchangeVersion) {
        $programs = @($script:LabPrerequisites | Where-Object { $deployed -or ($_.Id -eq 'dotnet48' -and @('2022', '2025') -contains $WindowsVersion) } | ForEach-Object { $_.DisplayName })
    }
    $state = [ordered]@{
        Host            = 'EXCH'
        ComputerName    = 'EXCH'
        OperatingSystem = (Get-LabWindowsCaption $WindowsVersion 'Standard')
        windowsVersion  = $WindowsVersion
        LastBootUpTime  = $boot
        RebootingUntil  = $null
        exchange        = [ordered]@{ installed = $deployed; version = $ExchangeVersion; organization = 'First Organization'; build = (Get-LabBuild $ExchangeVersion) }
        programs        = @($programs)
        acceptedDomains = @()
        emailAddressPolicies = @()
        mailboxDatabases = @()
        mailboxes       = @()
        services        = @()
        disks           = @([ordered]@{ DeviceID = 'C:'; Size = 107374182400; FreeSpace = 64424509440 }, [ordered]@{ DeviceID = 'D:'; Size = 536870912000; FreeSpace = 429496729600 })
        mailQueue       = 0
        features        = @(New-LabFeatureList -Installed:$deployed -Version $ExchangeVersion)
        certificates    = @()
        receiveConnectors = @()
        sendConnectors  = @()
        virtualDirectories = $null
        outlookAnywhere = $null
    }
    if ($deployed) {
        $state.services = @(New-LabExchangeServices)
        $state.certificates = @(New-LabSetupCertificates $ExchangeVersion 'contoso.local')
        $state.acceptedDomains = @([ordered]@{ Name = 'contoso.com'; DomainName = 'contoso.com'; DomainType = 'Authoritative'; Default = $true })
        $state.emailAddressPolicies = @([ordered]@{ Name = 'Default Policy'; EnabledPrimarySMTPAddressTemplate = 'SMTP:%m@contoso.com'; IncludedRecipients = 'AllRecipients'; Priority = 'Lowest'; Applied = $true })
        $state.mailboxDatabases = @([ordered]@{ Name = 'Mailbox Database 01'; Server = 'EXCH'; Mounted = $true; EdbFilePath = 'D:\ExchangeDatabases\DB01\DB01.edb' })
        $state.mailboxes = @(
            [ordered]@{ Name = 'Administrator'; Alias = 'Administrator'; DisplayName = 'Administrator'; SamAccountName = 'Administrator'
                UserPrincipalName = 'Administrator@contoso.local'; DistinguishedName = 'CN=Administrator,CN=Users,DC=contoso,DC=local'; EmailAddressPolicyEnabled = $true; PrimarySmtpAddress = 'Administrator@contoso.com'
                EmailAddresses = @('SMTP:Administrator@contoso.com'); Database = 'Mailbox Database 01'; RecipientTypeDetails = 'UserMailbox'
                UseDatabaseQuotaDefaults = $true; IssueWarningQuota = 'Unlimited'; ProhibitSendQuota = 'Unlimited'; ProhibitSendReceiveQuota = 'Unlimited'
                TotalItemSizeBytes = 52428800; WhenCreated = $boot; Guid = $script:LabAdministratorGuid }
        )
    }
    return $state
}

# ---------------------------------------------------------------- sizes (Exchange's ByteQuantifiedSize)

function ConvertFrom-LabQuota {
    <# 'Unlimited' or a byte count, from Exchange's syntax: 2GB, 2 GB, 500MB, 1.5GB, 2147483648, 2147483648B. #>
    param([string]$Value, [string]$ParameterName)
    $text = ([string]$Value).Trim()
    if ($text -ieq 'Unlimited') { return 'Unlimited' }
    $match = [regex]::Match($text, '^([0-9]+(\.[0-9]+)?)\s*(B|KB|MB|GB|TB)?$', [System.Text.RegularExpressions.RegexOptions]::IgnoreCase)
    if (-not $match.Success) {
        throw (New-LabErrorRecord "Cannot process argument transformation on parameter '$ParameterName'. Cannot convert value `"$Value`" to type `"Microsoft.Exchange.Data.Unlimited``1[Microsoft.Exchange.Data.ByteQuantifiedSize]`". Error: `"The value `"$Value`" isn't valid. Valid values are a number followed by B, KB, MB, GB or TB, or the value Unlimited.`"" ([System.Management.Automation.ErrorCategory]::InvalidData) "ParameterArgumentTransformationError,$ParameterName" $Value)
    }
    $units = @{ 'B' = 1; 'KB' = 1024; 'MB' = 1048576; 'GB' = 1073741824; 'TB' = 1099511627776 }
    $unit = 'B'
    if ($match.Groups[3].Success) { $unit = $match.Groups[3].Value.ToUpperInvariant() }
    return [long][Math]::Floor([double]::Parse($match.Groups[1].Value, [System.Globalization.CultureInfo]::InvariantCulture) * $units[$unit])
}

function Format-LabQuota {
    <# As Exchange prints it: "2 GB (2,147,483,648 bytes)", "1.899 GB (2,040,109,465 bytes)" or "Unlimited". #>
    param($Bytes)
    if ($Bytes -is [string] -and $Bytes -eq 'Unlimited') { return 'Unlimited' }
    $b = [long]$Bytes
    $units = @(@('TB', 1099511627776), @('GB', 1073741824), @('MB', 1048576), @('KB', 1024))
    $shown = "$b B"
    foreach ($u in $units) {
        if ($b -ge $u[1]) {
            $n = [Math]::Floor(($b / $u[1]) * 1000) / 1000
            $shown = $n.ToString('0.###', [System.Globalization.CultureInfo]::InvariantCulture) + ' ' + $u[0]
            break
        }
    }
    return $shown + ' (' + $b.ToString('N0', [System.Globalization.CultureInfo]::InvariantCulture) + ' bytes)'
}

function Get-LabQuotaBytes($Shown) {
    # Back from the printed form to bytes ('Unlimited' stays).
    if ([string]$Shown -eq 'Unlimited') { return 'Unlimited' }
    $m = [regex]::Match([string]$Shown, '\(([0-9,]+) bytes\)')
    return [long]($m.Groups[1].Value -replace ',', '')
}

# ---------------------------------------------------------------- identities

function Test-LabIdentityMatch($Object, [string]$Identity) {
    $id = $Identity.Trim()
    $candidates = @($Object.Name, $Object.Alias, $Object.SamAccountName, $Object.UserPrincipalName, $Object.DistinguishedName, $Object.PrimarySmtpAddress, $Object.Guid, $Object.ObjectGUID)
    foreach ($address in @($Object.EmailAddresses)) {
        if ($address) { $candidates += ([string]$address -replace '^(?i)smtp:', '') }
    }
    foreach ($c in $candidates) {
        if ($c -and ([string]::Equals([string]$c, $id, [System.StringComparison]::OrdinalIgnoreCase))) { return $true }
    }
    return $false
}

function Test-LabIdentityLike($Object, [string]$Pattern) {
    $candidates = @($Object.Name, $Object.Alias, $Object.SamAccountName, $Object.UserPrincipalName, $Object.DisplayName, $Object.PrimarySmtpAddress)
    foreach ($c in $candidates) { if ($c -and ([string]$c -like $Pattern)) { return $true } }
    return $false
}

function Resolve-LabObject {
    <#
    As Exchange resolves -Identity: a Get-* cmdlet (not -Terminating) takes * as a wildcard and
    returns every match, and writes "matches multiple entries" as an error when a plain identity
    names several objects; a cmdlet that changes something throws on both.
    #>
    param([object[]]$Objects, [string]$Identity, [string]$Cmdlet, [System.Management.Automation.PSCmdlet]$Caller, [switch]$Terminating)
    if ($Identity.Contains('*') -and -not $Terminating) {
        return @($Objects | Where-Object { $_ -and (Test-LabIdentityLike $_ $Identity.Trim()) })
    }
    $found = @($Objects | Where-Object { $_ -and (Test-LabIdentityMatch $_ $Identity) })
    if ($found.Count -eq 1) { return $found[0] }
    if ($found.Count -gt 1) {
        $ambiguous = New-LabErrorRecord "The operation couldn't be performed because '$Identity' matches multiple entries." ([System.Management.Automation.ErrorCategory]::InvalidArgument) "[Server=EXCH],Microsoft.Exchange.Configuration.Tasks.ManagementObjectAmbiguousException,Microsoft.Exchange.Management.RecipientTasks.$Cmdlet" $Identity
        if ($Terminating) { throw $ambiguous }
        $Caller.WriteError($ambiguous)
        return $null
    }
    $record = New-LabErrorRecord "The operation couldn't be performed because object '$Identity' couldn't be found on 'WSE.contoso.local'." ([System.Management.Automation.ErrorCategory]::NotSpecified) "[Server=EXCH],Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException,Microsoft.Exchange.Management.RecipientTasks.$Cmdlet" $Identity
    if ($Terminating) { throw $record }
    $Caller.WriteError($record)
    return $null
}

function ConvertTo-LabSecurePlain([System.Security.SecureString]$Secure) {
    return (New-Object System.Net.NetworkCredential('', $Secure)).Password
}

function Get-LabPasswordHash([string]$SamAccountName, [System.Security.SecureString]$Password) {
    <# What the lab keeps of a password (AD keeps a hash too): SHA-256 of "<sam>:<password>", hex. #>
    $sha = [System.Security.Cryptography.SHA256]::Create()
    try {
        $bytes = $sha.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($SamAccountName.ToLowerInvariant() + ':' + (ConvertTo-LabSecurePlain $Password)))
        return (($bytes | ForEach-Object { $_.ToString('x2') }) -join '')
    } finally { $sha.Dispose() }
}

function Assert-LabPasswordPolicy([System.Security.SecureString]$Password) {
    # The domain's default policy: 7 characters or more, three of four character classes.
    $plain = ConvertTo-LabSecurePlain $Password
    $classes = 0
    foreach ($pattern in @('[a-z]', '[A-Z]', '[0-9]', '[^a-zA-Z0-9]')) { if ($plain -cmatch $pattern) { $classes++ } }
    if ($plain.Length -lt 7 -or $classes -lt 3) {
        throw (New-LabErrorRecord 'The password does not meet the length, complexity, or history requirement of the domain.' ([System.Management.Automation.ErrorCategory]::InvalidData) 'ADPasswordComplexityException' $null)
    }
}

function Expand-LabAddressTemplate([string]$Template, $Recipient) {
    # %m alias, %g given name, %s surname, %<n>g / %<n>s their first n letters.
    $t = $Template -replace '^(?i)smtp:', ''
    if ($t.StartsWith('@')) { $t = '%m' + $t } # "@contoso.local" is Exchange's shorthand for %m@contoso.local
    $t = [regex]::Replace($t, '%(\d+)([gs])', {
            param($m)
            $source = ''
            if ($m.Groups[2].Value -eq 'g') { $source = [string]$Recipient.FirstName } else { $source = [string]$Recipient.LastName }
            $n = [int]$m.Groups[1].Value
            if ($source.Length -gt $n) { return $source.Substring(0, $n) }
            return $source
        })
    $t = $t.Replace('%m', [string]$Recipient.Alias).Replace('%g', [string]$Recipient.FirstName).Replace('%s', [string]$Recipient.LastName)
    return $t
}

# ---------------------------------------------------------------- host cmdlets

function Restart-Computer {
    <# .SYNOPSIS Lab shadow: a simulated reboot, never the real one. #>
    [CmdletBinding()]
    param([string[]]$ComputerName, [switch]$Force, [switch]$Wait, [string]$For, [int]$Timeout, [int]$Delay)
    $target = $script:LabHost
    if ($ComputerName -and $ComputerName.Count -gt 0) { $target = ($ComputerName[0] -split '\.')[0].ToUpperInvariant() }
    if (-not $script:LabDir) { throw 'Refused: Restart-Computer outside the lab.' }
    Update-LabState $target {
        param($s)
        $until = (Get-Date).ToUniversalTime().AddSeconds($script:RebootSeconds)
        $s.RebootingUntil = $until.ToString('o')
        $s.LastBootUpTime = $until.ToString('o')
    } | Out-Null
    Complete-LabReboot $target
    Write-LabCall 'Restart-Computer' @{ ComputerName = $target }
}

function Stop-Computer {
    <# .SYNOPSIS Lab shadow: refuses, and never reaches the real cmdlet. #>
    [CmdletBinding()]
    param([string[]]$ComputerName, [switch]$Force)
    throw 'Refused: Stop-Computer is not simulated by the lab.'
}

# ---------------------------------------------------------------- the Event Log

function Get-LabEventSources($State) {
    # The sources registered on a host ({ Source; LogName }), kept in its state; none in a new lab.
    if ($null -eq $State -or $null -eq $State.PSObject.Properties['eventSources']) { return @() }
    return @($State.eventSources | Where-Object { $null -ne $_ })
}

function New-EventLog {
    <#
    .SYNOPSIS
        Lab shadow: registers Event Log sources on this lab host (kept in its state), as
        install-worker.ps1 does before the service starts. A source registered already is refused.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)][string]$LogName,
        [Parameter(Mandatory = $true, Position = 1)][string[]]$Source,
        [string[]]$ComputerName,
        [string]$CategoryResourceFile,
        [string]$MessageResourceFile,
        [string]$ParameterResourceFile
    )
    if (-not $script:LabDir) { throw 'The lab is not initialized in this shell (Initialize-Lab).' }
    Update-LabState $script:LabHost {
        param($s)
        $known = @(Get-LabEventSources $s)
        foreach ($name in $Source) {
            if (@($known | Where-Object { $_.Source -ieq $name }).Count -gt 0) {
                throw (New-LabErrorRecord ('The "' + $name + '" source is already registered on the "localhost" computer.') ([System.Management.Automation.ErrorCategory]::InvalidOperation) 'Microsoft.PowerShell.Commands.NewEventLogCommand' $name)
            }
            $known += [ordered]@{ Source = $name; LogName = $LogName }
        }
        $s | Add-Member -NotePropertyName eventSources -NotePropertyValue @($known) -Force
    } | Out-Null
    Write-LabCall 'New-EventLog' ([ordered]@{ LogName = $LogName; Source = @($Source) })
}

function Write-EventLog {
    <#
    .SYNOPSIS
        Lab shadow (PowerShell 7 on Linux has no Write-EventLog): records the entry in this lab host's
        calls log. As on Windows, a source that was not registered (New-EventLog) is refused, and so
        is a source registered in another log.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)][string]$LogName,
        [Parameter(Mandatory = $true, Position = 1)][string]$Source,
        [Parameter(Position = 2)][ValidateSet('Error', 'Warning', 'Information', 'SuccessAudit', 'FailureAudit')][string]$EntryType = 'Information',
        [Parameter(Mandatory = $true, Position = 3)][ValidateRange(0, 65535)][int]$EventId,
        [Parameter(Mandatory = $true, Position = 4)][ValidateLength(0, 32766)][string]$Message,
        [int16]$Category,
        [byte[]]$RawData,
        [string]$ComputerName
    )
    if (-not $script:LabDir) { throw 'The lab is not initialized in this shell (Initialize-Lab).' }
    $registered = @(Get-LabEventSources (Read-LabState $script:LabHost) | Where-Object { $_.Source -ieq $Source })
    if ($registered.Count -eq 0) {
        throw (New-LabErrorRecord ('The source name "' + $Source + '" does not exist on computer "localhost".') ([System.Management.Automation.ErrorCategory]::InvalidOperation) 'Microsoft.PowerShell.Commands.WriteEventLogCommand' $Source)
    }
    if ([string]$registered[0].LogName -ne $LogName) {
        throw (New-LabErrorRecord ("The source '" + $Source + "' is not registered in log '" + $LogName + "'. (It is registered in log '" + $registered[0].LogName + "'.)") ([System.Management.Automation.ErrorCategory]::InvalidOperation) 'Microsoft.PowerShell.Commands.WriteEventLogCommand' $Source)
    }
    Write-LabCall 'Write-EventLog' ([ordered]@{ LogName = $LogName; Source = $Source; EventId = $EventId; EntryType = $EntryType; Message = $Message })
}

function Get-CimInstance {
    <# .SYNOPSIS Lab: Win32_OperatingSystem (LastBootUpTime, Caption, CSName) and Win32_LogicalDisk. #>
    [CmdletBinding()]
    param([Parameter(Position = 0)][string]$ClassName, [string]$ComputerName)
    $state = Assert-LabReachable $script:LabHost
    if ($ClassName -eq 'Win32_LogicalDisk') {
        return @(Get-LabDisks $script:LabHost | ForEach-Object { [pscustomobject]@{ DeviceID = $_.DeviceID; Size = [long]$_.Size; FreeSpace = [long]$_.FreeSpace; DriveType = 3 } })
    }
    if ($ClassName -ne 'Win32_OperatingSystem') { throw "Invalid class $ClassName" }
    return [pscustomobject]@{
        CSName         = $state.ComputerName
        Caption        = $state.OperatingSystem
        LastBootUpTime = ConvertTo-LabDate $state.LastBootUpTime
    }
}

# ---------------------------------------------------------------- Active Directory (kept on WSE)

function Get-ADDomain {
    [CmdletBinding()] param([string]$Identity)
    $wse = Assert-LabReachable 'WSE'
    return [pscustomobject]@{ DNSRoot = $wse.domain.DNSRoot; NetBIOSName = $wse.domain.NetBIOSName; DistinguishedName = $wse.domain.DistinguishedName }
}

function ConvertTo-LabADUser($u) {
    $o = [pscustomobject]@{
        Name = $u.Name; SamAccountName = $u.SamAccountName; UserPrincipalName = $u.UserPrincipalName
        DistinguishedName = $u.DistinguishedName; GivenName = $u.GivenName; Surname = $u.Surname; Enabled = $u.Enabled
        adminCount = $u.adminCount; MemberOf = @($u.MemberOf); ObjectGUID = $u.ObjectGUID
        # As the AD module shows it: an ActiveDirectorySecurity whose inheritance may be turned off.
        nTSecurityDescriptor = [pscustomobject]@{ AreAccessRulesProtected = [bool]$u.InheritanceDisabled }
    }
    return $o
}

function Get-ADUser {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string]$Identity, [string[]]$Properties, [string]$Filter)
    $wse = Assert-LabReachable 'WSE'
    if ($Filter -eq '*') { return @($wse.adUsers | ForEach-Object { ConvertTo-LabADUser $_ }) }
    $user = @($wse.adUsers | Where-Object { $_.SamAccountName -ieq $Identity -or $_.DistinguishedName -ieq $Identity -or $_.UserPrincipalName -ieq $Identity -or ($_.ObjectGUID -and $_.ObjectGUID -ieq $Identity) })
    if ($user.Count -eq 0) {
        throw (New-LabErrorRecord "Cannot find an object with identity: '$Identity' under: 'DC=contoso,DC=local'." ([System.Management.Automation.ErrorCategory]::ObjectNotFound) 'ActiveDirectoryCmdlet:Microsoft.ActiveDirectory.Management.ADIdentityNotFoundException,Microsoft.ActiveDirectory.Management.Commands.GetADUser' $Identity)
    }
    return (ConvertTo-LabADUser $user[0])
}

function New-ADUser {
    <# An account without a mailbox, as the Dashboard's "Add a user account" makes one. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)][string]$Name,
        [string]$SamAccountName, [string]$UserPrincipalName, [string]$GivenName, [string]$Surname,
        [System.Security.SecureString]$AccountPassword, [bool]$Enabled = $true, [string]$Path
    )
    $wse = Assert-LabReachable 'WSE'
    if (-not $SamAccountName) { $SamAccountName = $Name }
    if (-not $UserPrincipalName) { $UserPrincipalName = $SamAccountName + '@' + $wse.domain.DNSRoot }
    $ou = 'CN=Users,' + $wse.domain.DistinguishedName
    if ($Path) { $ou = $Path }
    $dn = 'CN=' + $Name + ',' + $ou
    foreach ($u in @($wse.adUsers)) {
        if ($u.DistinguishedName -ieq $dn -or $u.SamAccountName -ieq $SamAccountName) {
            throw (New-LabErrorRecord 'The specified account already exists' ([System.Management.Automation.ErrorCategory]::NotSpecified) 'ActiveDirectoryServer:1316,Microsoft.ActiveDirectory.Management.Commands.NewADUser' $Name)
        }
    }
    if ($AccountPassword) { Assert-LabPasswordPolicy $AccountPassword }
    $now = (Get-Date).ToUniversalTime().ToString('o')
    Update-LabState 'WSE' {
        param($s)
        $s.adUsers = @($s.adUsers) + @([ordered]@{ Name = $Name; SamAccountName = $SamAccountName; UserPrincipalName = $UserPrincipalName
                DistinguishedName = $dn; GivenName = $GivenName; Surname = $Surname; Enabled = $Enabled; adminCount = 0; InheritanceDisabled = $false
                MemberOf = @('Domain Users'); PasswordLastSet = $now; ObjectGUID = [System.Guid]::NewGuid().ToString()
                PasswordHash = $(if ($AccountPassword) { Get-LabPasswordHash $SamAccountName $AccountPassword } else { '' }) })
    } | Out-Null
    Write-LabCall 'New-ADUser' @{ Name = $Name; SamAccountName = $SamAccountName }
}

function Set-ADAccountPassword {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Identity, [switch]$Reset, [System.Security.SecureString]$NewPassword, [System.Security.SecureString]$OldPassword)
    Assert-LabReachable 'WSE' | Out-Null
    if (-not $Reset) { throw 'The lab supports only Set-ADAccountPassword -Reset.' }
    Assert-LabPasswordPolicy $NewPassword
    $found = Update-LabState 'WSE' {
        param($s)
        $hit = $false
        foreach ($u in @($s.adUsers)) {
            if ($u.SamAccountName -ieq $Identity -or $u.DistinguishedName -ieq $Identity -or $u.UserPrincipalName -ieq $Identity -or ($u.ObjectGUID -and $u.ObjectGUID -ieq $Identity)) {
                $u.PasswordLastSet = (Get-Date).ToUniversalTime().ToString('o'); $hit = $true
                $u | Add-Member -NotePropertyName PasswordHash -NotePropertyValue (Get-LabPasswordHash $u.SamAccountName $NewPassword) -Force
            }
        }
        $hit
    }
    if (-not $found) {
        throw (New-LabErrorRecord "Cannot find an object with identity: '$Identity' under: 'DC=contoso,DC=local'." ([System.Management.Automation.ErrorCategory]::ObjectNotFound) 'ActiveDirectoryCmdlet:Microsoft.ActiveDirectory.Management.ADIdentityNotFoundException,Microsoft.ActiveDirectory.Management.Commands.SetADAccountPassword' $Identity)
    }
    Write-LabCall 'Set-ADAccountPassword' @{ Identity = $Identity; Reset = $true }
}

# ---------------------------------------------------------------- Exchange recipients

function ConvertTo-LabMailboxObject($m) {
    $o = [pscustomobject]@{}
    foreach ($p in $m.PSObject.Properties) { if ($p.Name -ne 'TotalItemSizeBytes') { $o | Add-Member -NotePropertyName $p.Name -NotePropertyValue $p.Value } }
    $o | Add-Member -NotePropertyName Identity -NotePropertyValue ('contoso.local/Users/' + $m.Name)
    return $o
}

function Get-AcceptedDomain {
    [CmdletBinding()] param([Parameter(Position = 0)][string]$Identity)
    $state = Assert-LabExchange
    return @($state.acceptedDomains | ForEach-Object { [pscustomobject]$_ })
}

function Get-EmailAddressPolicy {
    [CmdletBinding()] param([Parameter(Position = 0)][string]$Identity)
    $state = Assert-LabExchange
    return @($state.emailAddressPolicies | ForEach-Object { [pscustomobject]$_ })
}

function Get-Mailbox {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string]$Identity, [string]$ResultSize)
    $state = Assert-LabExchange
    $all = @($state.mailboxes)
    if (-not $Identity) { return @($all | ForEach-Object { ConvertTo-LabMailboxObject $_ }) }
    foreach ($m in @(Resolve-LabObject -Objects $all -Identity $Identity -Cmdlet 'GetMailbox' -Caller $PSCmdlet)) { if ($m) { ConvertTo-LabMailboxObject $m } }
}

function Get-Recipient {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string]$Identity, [string]$ResultSize)
    $state = Assert-LabExchange
    $all = @($state.mailboxes)
    if (-not $Identity) { return @($all | ForEach-Object { ConvertTo-LabMailboxObject $_ }) }
    foreach ($m in @(Resolve-LabObject -Objects $all -Identity $Identity -Cmdlet 'GetRecipient' -Caller $PSCmdlet)) { if ($m) { ConvertTo-LabMailboxObject $m } }
}

function Get-User {
    <# Exchange's view of every AD user, mail-enabled or not (RecipientType User or UserMailbox). #>
    [CmdletBinding()]
    param([Parameter(Position = 0)][string]$Identity, [string]$ResultSize)
    $state = Assert-LabExchange
    $wse = Assert-LabReachable 'WSE'
    $withMailbox = @{}
    foreach ($m in @($state.mailboxes)) { $withMailbox[[string]$m.DistinguishedName] = $true }
    $all = @($wse.adUsers | ForEach-Object {
            $o = [pscustomobject]$_
            $type = 'User'
            if ($withMailbox.ContainsKey([string]$_.DistinguishedName)) { $type = 'UserMailbox' }
            $o | Add-Member -NotePropertyName Guid -NotePropertyValue $_.ObjectGUID
            $o | Add-Member -NotePropertyName RecipientType -NotePropertyValue $type -PassThru
        })
    if (-not $Identity) { return $all }
    foreach ($u in @(Resolve-LabObject -Objects $all -Identity $Identity -Cmdlet 'GetUser' -Caller $PSCmdlet)) { if ($u) { $u } }
}

function New-Mailbox {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)][string]$Name,
        [Parameter(Mandatory = $true)][System.Security.SecureString]$Password,
        [Parameter(Mandatory = $true)][string]$UserPrincipalName,
        [string]$Alias,
        [string]$DisplayName,
        [string]$FirstName,
        [string]$LastName,
        [string]$OrganizationalUnit,
        [string]$SamAccountName,
        [string]$Database,
        [string]$PrimarySmtpAddress,
        [bool]$ResetPasswordOnNextLogon = $false
    )
    $state = Assert-LabExchange
    $wse = Assert-LabReachable 'WSE'
    if ($Name.Length -gt 64) { throw (New-LabErrorRecord "The length of the property is too long. The maximum length is 64 and the length of the value provided is $($Name.Length)." ([System.Management.Automation.ErrorCategory]::InvalidData) 'NewMailbox.Name' $Name) }
    if (-not $Alias) { $Alias = $Name -replace '[^A-Za-z0-9!#%*+\-/=?^_~.]', '' }
    if ($Alias.Length -gt 64 -or $Alias -notmatch '^[A-Za-z0-9!#%*+\-/=?^_~]+(\.[A-Za-z0-9!#%*+\-/=?^_~]+)*$') {
        throw (New-LabErrorRecord "Property expression `"$Alias`" isn't valid. Valid values are: Strings formed with characters from A to Z (uppercase or lowercase), digits from 0 to 9, !, #, %, *, +, -, /, =, ?, ^, _, and ~. One or more periods may be embedded in an alias, but each period should be preceded and followed by at least one of the other characters." ([System.Management.Automation.ErrorCategory]::InvalidData) 'NewMailbox.Alias' $Alias)
    }
    if (-not $SamAccountName) { $SamAccountName = $Alias.Substring(0, [Math]::Min(20, $Alias.Length)) }
    if (-not $DisplayName) { $DisplayName = $Name }
    $ou = 'CN=Users,' + $wse.domain.DistinguishedName
    if ($OrganizationalUnit) { $ou = $OrganizationalUnit }
    $dn = 'CN=' + $Name + ',' + $ou
    foreach ($u in @($wse.adUsers)) {
        if ($u.DistinguishedName -ieq $dn) { throw (New-LabErrorRecord "Active Directory operation failed on WSE.contoso.local. The object '$dn' already exists." ([System.Management.Automation.ErrorCategory]::NotSpecified) '[Server=EXCH],Microsoft.Exchange.Data.Directory.ADObjectAlreadyExistsException,Microsoft.Exchange.Management.RecipientTasks.NewMailbox' $Name) }
        if ($u.UserPrincipalName -ieq $UserPrincipalName) { throw (New-LabErrorRecord "The user principal name $UserPrincipalName is already used. Please use a different user principal name." ([System.Management.Automation.ErrorCategory]::InvalidArgument) '[Server=EXCH],Microsoft.Exchange.Management.RecipientTasks.NewMailbox' $UserPrincipalName) }
        if ($u.SamAccountName -ieq $SamAccountName) { throw (New-LabErrorRecord "Active Directory operation failed on WSE.contoso.local. The sAMAccountName '$SamAccountName' is already used." ([System.Management.Automation.ErrorCategory]::NotSpecified) '[Server=EXCH],Microsoft.Exchange.Management.RecipientTasks.NewMailbox' $SamAccountName) }
    }
    Assert-LabPasswordPolicy $Password
    $recipient = [pscustomobject]@{ Alias = $Alias; FirstName = $FirstName; LastName = $LastName }
    $primary = $PrimarySmtpAddress
    if (-not $primary) { $primary = Get-LabPrimaryAddress $state $recipient }
    foreach ($m in @($state.mailboxes)) {
        foreach ($a in @($m.EmailAddresses)) {
            if (([string]$a -replace '^(?i)smtp:', '') -ieq $primary) {
                throw (New-LabErrorRecord "The proxy address `"SMTP:$primary`" is already being used by the proxy addresses or LegacyExchangeDN of `"contoso.local/Users/$($m.Name)`". Please choose another proxy address." ([System.Management.Automation.ErrorCategory]::NotSpecified) '[Server=EXCH],Microsoft.Exchange.Data.ProxyAddressConflictException,Microsoft.Exchange.Management.RecipientTasks.NewMailbox' $primary)
            }
        }
    }
    $now = (Get-Date).ToUniversalTime().ToString('o')
    $db = $Database
    if (-not $db) { $db = @($state.mailboxDatabases)[0].Name }
    $guid = [System.Guid]::NewGuid().ToString()
    Update-LabState 'WSE' {
        param($s)
        $s.adUsers = @($s.adUsers) + @([ordered]@{ Name = $Name; SamAccountName = $SamAccountName; UserPrincipalName = $UserPrincipalName
                DistinguishedName = $dn; GivenName = $FirstName; Surname = $LastName; Enabled = $true; adminCount = 0; InheritanceDisabled = $false
                MemberOf = @('Domain Users'); PasswordLastSet = $now; ObjectGUID = $guid })
    } | Out-Null
    $mailbox = [ordered]@{ Name = $Name; Alias = $Alias; DisplayName = $DisplayName; SamAccountName = $SamAccountName; UserPrincipalName = $UserPrincipalName
        DistinguishedName = $dn; FirstName = $FirstName; LastName = $LastName; PrimarySmtpAddress = $primary; EmailAddresses = @('SMTP:' + $primary)
        EmailAddressPolicyEnabled = $true; Database = $db; RecipientTypeDetails = 'UserMailbox'; UseDatabaseQuotaDefaults = $true
        IssueWarningQuota = 'Unlimited'; ProhibitSendQuota = 'Unlimited'; ProhibitSendReceiveQuota = 'Unlimited'
        TotalItemSizeBytes = 0; WhenCreated = $now; Guid = $guid }
    Update-LabState 'EXCH' { param($s) $s.mailboxes = @($s.mailboxes) + @($mailbox) } | Out-Null
    Write-LabCall 'New-Mailbox' @{ Name = $Name; Alias = $Alias; UserPrincipalName = $UserPrincipalName }
    Wait-LabSlowCmdlet 'New-Mailbox'
    return (ConvertTo-LabMailboxObject ([pscustomobject]$mailbox))
}

function Set-Mailbox {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)][string]$Identity,
        [string]$IssueWarningQuota,
        [string]$ProhibitSendQuota,
        [string]$ProhibitSendReceiveQuota,
        [System.Nullable[bool]]$UseDatabaseQuotaDefaults,
        [string]$DisplayName,
        [string]$Alias,
        [object]$EmailAddresses,
        [System.Nullable[bool]]$EmailAddressPolicyEnabled
    )
    $state = Assert-LabExchange
    $target = Resolve-LabObject -Objects @($state.mailboxes) -Identity $Identity -Cmdlet 'SetMailbox' -Terminating
    # Addresses: a new alias under an enabled address policy gets a new primary address; the old
    # one stays as a secondary (smtp:) address. -EmailAddresses takes a list or @{Add=...; Remove=...}.
    $addresses = @($target.EmailAddresses | ForEach-Object { [string]$_ })
    $newAlias = $null
    if ($PSBoundParameters.ContainsKey('Alias')) {
        Assert-LabAlias $Alias 'SetMailbox'
        $newAlias = $Alias
        $policyOn = $true
        if ($null -ne $target.EmailAddressPolicyEnabled) { $policyOn = [bool]$target.EmailAddressPolicyEnabled }
        if ($PSBoundParameters.ContainsKey('EmailAddressPolicyEnabled')) { $policyOn = [bool]$EmailAddressPolicyEnabled }
        if ($policyOn) {
            $primary = Get-LabPrimaryAddress $state ([pscustomobject]@{ Alias = $Alias; FirstName = $target.FirstName; LastName = $target.LastName })
            Assert-LabAddressFree $state $primary $target.Guid 'SetMailbox'
            $addresses = @($addresses | Where-Object { ($_ -replace '^(?i)smtp:', '') -ine $primary } | ForEach-Object { 'smtp:' + ($_ -replace '^(?i)smtp:', '') })
            $addresses = @('SMTP:' + $primary) + $addresses
        }
    }
    if ($PSBoundParameters.ContainsKey('EmailAddresses')) {
        if ($EmailAddresses -is [System.Collections.IDictionary]) {
            foreach ($add in @($EmailAddresses['Add'])) {
                if ($add) {
                    Assert-LabAddressFree $state ([string]$add -replace '^(?i)smtp:', '') $target.Guid 'SetMailbox'
                    if (-not (@($addresses | ForEach-Object { $_ -replace '^(?i)smtp:', '' }) -icontains ([string]$add -replace '^(?i)smtp:', ''))) { $addresses += ('smtp:' + ([string]$add -replace '^(?i)smtp:', '')) }
                }
            }
            foreach ($remove in @($EmailAddresses['Remove'])) {
                if ($remove) { $addresses = @($addresses | Where-Object { ($_ -replace '^(?i)smtp:', '') -ine ([string]$remove -replace '^(?i)smtp:', '') }) }
            }
        } else {
            $addresses = @($EmailAddresses | ForEach-Object { [string]$_ })
        }
        if (@($addresses | Where-Object { $_ -cmatch '^SMTP:' }).Count -ne 1) {
            throw (New-LabErrorRecord 'A recipient must have exactly one primary SMTP address (SMTP:).' ([System.Management.Automation.ErrorCategory]::InvalidData) '[Server=EXCH],Microsoft.Exchange.Management.RecipientTasks.SetMailbox' $Identity)
        }
    }
    $changes = @{}
    foreach ($name in @('IssueWarningQuota', 'ProhibitSendQuota', 'ProhibitSendReceiveQuota')) {
        if ($PSBoundParameters.ContainsKey($name)) { $changes[$name] = ConvertFrom-LabQuota $PSBoundParameters[$name] $name }
    }
    $effective = @{}
    foreach ($name in @('IssueWarningQuota', 'ProhibitSendQuota', 'ProhibitSendReceiveQuota')) {
        if ($changes.ContainsKey($name)) { $effective[$name] = $changes[$name] } else { $effective[$name] = Get-LabQuotaBytes $target.$name }
    }
    $order = @('IssueWarningQuota', 'ProhibitSendQuota', 'ProhibitSendReceiveQuota')
    for ($i = 0; $i -lt 2; $i++) {
        $low = $effective[$order[$i]]; $high = $effective[$order[$i + 1]]
        if ($low -ne 'Unlimited' -and ($high -ne 'Unlimited') -and ([long]$low -gt [long]$high)) {
            throw (New-LabErrorRecord "The value of property '$($order[$i])' must be less than or equal to that of property '$($order[$i + 1])'. $($order[$i]): '$(Format-LabQuota $low)', $($order[$i + 1]): '$(Format-LabQuota $high)'." ([System.Management.Automation.ErrorCategory]::InvalidData) '[Server=EXCH],Microsoft.Exchange.Management.RecipientTasks.SetMailbox' $Identity)
        }
        if ($low -eq 'Unlimited' -and $high -ne 'Unlimited') {
            throw (New-LabErrorRecord "The value of property '$($order[$i])' must be less than or equal to that of property '$($order[$i + 1])'." ([System.Management.Automation.ErrorCategory]::InvalidData) '[Server=EXCH],Microsoft.Exchange.Management.RecipientTasks.SetMailbox' $Identity)
        }
    }
    # $PSBoundParameters is per scope: read it here, not inside the script block below.
    $setDefaults = $PSBoundParameters.ContainsKey('UseDatabaseQuotaDefaults')
    $setDisplayName = $PSBoundParameters.ContainsKey('DisplayName')
    $setPolicy = $PSBoundParameters.ContainsKey('EmailAddressPolicyEnabled')
    Update-LabState 'EXCH' {
        param($s)
        foreach ($m in @($s.mailboxes)) {
            if ($m.Guid -eq $target.Guid) {
                foreach ($name in $changes.Keys) { $m.$name = Format-LabQuota $changes[$name] }
                if ($setDefaults) { $m.UseDatabaseQuotaDefaults = [bool]$UseDatabaseQuotaDefaults }
                if ($setDisplayName) { $m.DisplayName = $DisplayName }
                if ($newAlias) { $m.Alias = $newAlias }
                $m.EmailAddresses = @($addresses)
                $m.PrimarySmtpAddress = (@($addresses | Where-Object { $_ -cmatch '^SMTP:' })[0] -replace '^SMTP:', '')
                if ($setPolicy) { $m | Add-Member -NotePropertyName EmailAddressPolicyEnabled -NotePropertyValue ([bool]$EmailAddressPolicyEnabled) -Force }
            }
        }
    } | Out-Null
    $logged = @{ Identity = $Identity }
    foreach ($k in $PSBoundParameters.Keys) { if ($k -ne 'EmailAddresses') { $logged[$k] = [string]$PSBoundParameters[$k] } }
    Write-LabCall 'Set-Mailbox' $logged
    Wait-LabSlowCmdlet 'Set-Mailbox'
}

function Get-LabPrimaryAddress($State, $Recipient) {
    # New recipients get the policy of highest priority (1 first, Lowest last), applied or not.
    $policy = @($State.emailAddressPolicies | Sort-Object { if ($_.Priority -eq 'Lowest') { [int]::MaxValue } else { [int]$_.Priority } } | Select-Object -First 1)
    $domain = @($State.acceptedDomains | Where-Object { $_.Default } | Select-Object -First 1)
    if ($policy.Count -gt 0) { return (Expand-LabAddressTemplate $policy[0].EnabledPrimarySMTPAddressTemplate $Recipient) }
    if ($domain.Count -gt 0) { return ($Recipient.Alias + '@' + $domain[0].DomainName) }
    return ($Recipient.Alias + '@contoso.local')
}

function Assert-LabAddressFree($State, [string]$Address, [string]$ExceptGuid, [string]$Cmdlet) {
    foreach ($m in @($State.mailboxes)) {
        if ($m.Guid -eq $ExceptGuid) { continue }
        foreach ($a in @($m.EmailAddresses)) {
            if (([string]$a -replace '^(?i)smtp:', '') -ieq $Address) {
                throw (New-LabErrorRecord "The proxy address `"SMTP:$Address`" is already being used by the proxy addresses or LegacyExchangeDN of `"contoso.local/Users/$($m.Name)`". Please choose another proxy address." ([System.Management.Automation.ErrorCategory]::NotSpecified) "[Server=EXCH],Microsoft.Exchange.Data.ProxyAddressConflictException,Microsoft.Exchange.Management.RecipientTasks.$Cmdlet" $Address)
            }
        }
    }
}

function Assert-LabAlias([string]$Alias, [string]$Cmdlet) {
    if ($Alias.Length -gt 64 -or $Alias -notmatch '^[A-Za-z0-9!#%*+\-/=?^_~]+(\.[A-Za-z0-9!#%*+\-/=?^_~]+)*$') {
        throw (New-LabErrorRecord "Property expression `"$Alias`" isn't valid. Valid values are: Strings formed with characters from A to Z (uppercase or lowercase), digits from 0 to 9, !, #, %, *, +, -, /, =, ?, ^, _, and ~. One or more periods may be embedded in an alias, but each period should be preceded and followed by at least one of the other characters." ([System.Management.Automation.ErrorCategory]::InvalidData) "$Cmdlet.Alias" $Alias)
    }
}

function Enable-Mailbox {
    <# Mail-enables an existing AD user (one created in the Dashboard, say). #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Identity, [string]$Alias, [string]$Database, [string]$DisplayName)
    $state = Assert-LabExchange
    $wse = Assert-LabReachable 'WSE'
    $users = @($wse.adUsers | Where-Object { $_ -and (Test-LabIdentityMatch $_ $Identity) })
    if ($users.Count -ne 1) {
        throw (New-LabErrorRecord "The operation couldn't be performed because object '$Identity' couldn't be found on 'WSE.contoso.local'." ([System.Management.Automation.ErrorCategory]::NotSpecified) '[Server=EXCH],Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException,Microsoft.Exchange.Management.RecipientTasks.EnableMailbox' $Identity)
    }
    $u = $users[0]
    foreach ($m in @($state.mailboxes)) {
        if ($m.DistinguishedName -ieq $u.DistinguishedName) {
            throw (New-LabErrorRecord "The user `"$($u.Name)`" is already mailbox-enabled." ([System.Management.Automation.ErrorCategory]::InvalidArgument) '[Server=EXCH],Microsoft.Exchange.Management.RecipientTasks.EnableMailbox' $Identity)
        }
    }
    if (-not $Alias) { $Alias = $u.SamAccountName }
    Assert-LabAlias $Alias 'EnableMailbox'
    $primary = Get-LabPrimaryAddress $state ([pscustomobject]@{ Alias = $Alias; FirstName = $u.GivenName; LastName = $u.Surname })
    Assert-LabAddressFree $state $primary '' 'EnableMailbox'
    if (-not $DisplayName) { $DisplayName = $u.Name }
    $db = $Database
    if (-not $db) { $db = @($state.mailboxDatabases)[0].Name }
    $guid = [string]$u.ObjectGUID
    if (-not $guid) { $guid = [System.Guid]::NewGuid().ToString() }
    $mailbox = [ordered]@{ Name = $u.Name; Alias = $Alias; DisplayName = $DisplayName; SamAccountName = $u.SamAccountName; UserPrincipalName = $u.UserPrincipalName
        DistinguishedName = $u.DistinguishedName; FirstName = $u.GivenName; LastName = $u.Surname; PrimarySmtpAddress = $primary; EmailAddresses = @('SMTP:' + $primary)
        EmailAddressPolicyEnabled = $true; Database = $db; RecipientTypeDetails = 'UserMailbox'; UseDatabaseQuotaDefaults = $true
        IssueWarningQuota = 'Unlimited'; ProhibitSendQuota = 'Unlimited'; ProhibitSendReceiveQuota = 'Unlimited'
        TotalItemSizeBytes = 0; WhenCreated = (Get-Date).ToUniversalTime().ToString('o'); Guid = $guid }
    Update-LabState 'EXCH' { param($s) $s.mailboxes = @($s.mailboxes) + @($mailbox) } | Out-Null
    Write-LabCall 'Enable-Mailbox' @{ Identity = $Identity; Alias = $Alias }
    return (ConvertTo-LabMailboxObject ([pscustomobject]$mailbox))
}

function Get-MailboxStatistics {
    <# The mailbox's size grows as mail arrives: the stored size plus 512 KB for every minute of its life. #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Identity)
    $state = Assert-LabExchange
    $m = Resolve-LabObject -Objects @($state.mailboxes) -Identity $Identity -Cmdlet 'GetMailboxStatistics' -Terminating
    $minutes = [Math]::Max(0, ((Get-Date).ToUniversalTime() - (ConvertTo-LabDate $m.WhenCreated)).TotalMinutes)
    $bytes = [long]$m.TotalItemSizeBytes + [long]($minutes * 524288)
    $limit = Get-LabQuotaBytes $m.ProhibitSendReceiveQuota
    $send = Get-LabQuotaBytes $m.ProhibitSendQuota
    $warn = Get-LabQuotaBytes $m.IssueWarningQuota
    $status = 'BelowLimit'
    if ($warn -ne 'Unlimited' -and $bytes -ge $warn) { $status = 'IssueWarning' }
    if ($send -ne 'Unlimited' -and $bytes -ge $send) { $status = 'ProhibitSend' }
    if ($limit -ne 'Unlimited' -and $bytes -ge $limit) { $status = 'MailboxDisabled' }
    return [pscustomobject]@{ DisplayName = $m.DisplayName; TotalItemSize = (Format-LabQuota $bytes); ItemCount = [int]($bytes / 75000); StorageLimitStatus = $status; Database = $m.Database }
}

function Enable-ExchangeIntegration {
    <# Windows Server Essentials 2012 R2 (WSSCmdlets): turns the Dashboard's Exchange integration on. #>
    [CmdletBinding()]
    param([string]$ExchangeServer)
    Assert-LabReachable 'WSE' | Out-Null
    if ($script:LabHost -ne 'WSE') { throw 'Enable-ExchangeIntegration runs on the Windows Server Essentials server.' }
    Update-LabState 'WSE' { param($s) $s.exchangeIntegration = $true } | Out-Null
    Write-LabCall 'Enable-ExchangeIntegration' @{ ExchangeServer = $ExchangeServer }
    Wait-LabSlowCmdlet 'Enable-ExchangeIntegration'
}

function Disable-ExchangeIntegration {
    <# Windows Server Essentials 2012 R2 (WSSCmdlets): turns the Dashboard's Exchange integration off. #>
    [CmdletBinding()]
    param()
    Assert-LabReachable 'WSE' | Out-Null
    if ($script:LabHost -ne 'WSE') { throw 'Disable-ExchangeIntegration runs on the Windows Server Essentials server.' }
    Update-LabState 'WSE' { param($s) $s.exchangeIntegration = $false } | Out-Null
    Write-LabCall 'Disable-ExchangeIntegration' @{}
}

function Get-LabServices([string]$HostName) {
    $state = Read-LabState $HostName
    if ($state.services) { return @($state.services) }
    return @()
}

function Get-Service {
    <# Lab: the host's services (Exchange's on EXCH once installed, the Remote Desktop Gateway on WSE). #>
    [CmdletBinding()]
    param([Parameter(Position = 0)][string[]]$Name, [string]$ComputerName)
    Assert-LabReachable $script:LabHost | Out-Null
    $all = @(Get-LabServices $script:LabHost | ForEach-Object { [pscustomobject]@{ Name = $_.Name; DisplayName = $_.DisplayName; Status = $_.Status; StartType = $_.StartType } })
    if (-not $Name) { return $all }
    $found = @()
    foreach ($n in $Name) {
        $hits = @($all | Where-Object { $_.Name -like $n })
        if ($hits.Count -eq 0 -and $n -notmatch '\*') {
            $PSCmdlet.WriteError((New-LabErrorRecord "Cannot find any service with service name '$n'." ([System.Management.Automation.ErrorCategory]::ObjectNotFound) 'NoServiceFoundForGivenName,Microsoft.PowerShell.Commands.GetServiceCommand' $n))
        }
        $found += $hits
    }
    return $found
}

function Get-MailboxDatabase {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string]$Identity, [switch]$Status)
    $state = Assert-LabExchange
    return @($state.mailboxDatabases | ForEach-Object {
            $o = [pscustomobject]@{ Name = $_.Name; Server = $_.Server; EdbFilePath = $_.EdbFilePath; Mounted = $null }
            if ($Status) { $o.Mounted = [bool]$_.Mounted }
            $o
        })
}

function Get-Queue {
    <# Transport queues; the lab keeps one delivery queue whose length tests can set. #>
    [CmdletBinding()]
    param([string]$Server)
    $state = Assert-LabExchange
    $count = 0
    if ($null -ne $state.mailQueue) { $count = [int]$state.mailQueue }
    return @([pscustomobject]@{ Identity = 'EXCH\Submission'; DeliveryType = 'Undefined'; Status = 'Ready'; MessageCount = $count })
}

function Get-LabDisks([string]$HostName) {
    $state = Read-LabState $HostName
    if ($state.disks) { return @($state.disks) }
    return @([pscustomobject]@{ DeviceID = 'C:'; Size = 107374182400; FreeSpace = 53687091200 })
}

function Remove-LabMailboxRecord([string]$Guid) {
    Update-LabState 'EXCH' { param($s) $s.mailboxes = @(@($s.mailboxes) | Where-Object { $_.Guid -ne $Guid }) } | Out-Null
}

function Remove-Mailbox {
    <# Deletes the mailbox and its Active Directory account. #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Identity, [switch]$Permanent)
    $state = Assert-LabExchange
    Assert-LabReachable 'WSE' | Out-Null
    $target = Resolve-LabObject -Objects @($state.mailboxes) -Identity $Identity -Cmdlet 'RemoveMailbox' -Terminating
    Remove-LabMailboxRecord $target.Guid
    Update-LabState 'WSE' { param($s) $s.adUsers = @(@($s.adUsers) | Where-Object { $_.DistinguishedName -ne $target.DistinguishedName }) } | Out-Null
    Write-LabCall 'Remove-Mailbox' @{ Identity = $Identity; Name = $target.Name }
}

function Disable-Mailbox {
    <# Removes the Exchange attributes; the AD account stays. #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Identity)
    $state = Assert-LabExchange
    $target = Resolve-LabObject -Objects @($state.mailboxes) -Identity $Identity -Cmdlet 'DisableMailbox' -Terminating
    Remove-LabMailboxRecord $target.Guid
    Write-LabCall 'Disable-Mailbox' @{ Identity = $Identity; Name = $target.Name }
}

. (Join-Path $PSScriptRoot 'DeploymentLab.ps1')
. (Join-Path $PSScriptRoot 'LifecycleLab.ps1')
. (Join-Path $PSScriptRoot 'RbacLab.ps1')

Export-ModuleMember -Function Initialize-Lab, Connect-Lab, Restart-Computer, Stop-Computer, New-EventLog, Write-EventLog, Get-CimInstance, Get-ADDomain, Get-ADUser, New-ADUser, Set-ADAccountPassword, `
    Get-AcceptedDomain, Get-EmailAddressPolicy, Get-Mailbox, Get-Recipient, Get-User, New-Mailbox, Set-Mailbox, Remove-Mailbox, Disable-Mailbox, `
    Enable-Mailbox, Get-MailboxStatistics, Enable-ExchangeIntegration, Disable-ExchangeIntegration, Get-Service, Get-MailboxDatabase, Get-Queue, `
    Resolve-Path, Get-PfxData, Get-WindowsFeature, Add-WindowsFeature, Install-WindowsFeature, Add-ADGroupMember, Get-ADGroupMember, Get-ADGroup, `
    Start-Process, Get-AuthenticodeSignature, Get-ExchangeServer, Import-ExchangeCertificate, Get-ExchangeCertificate, Enable-ExchangeCertificate, `
    New-AcceptedDomain, Set-AcceptedDomain, New-EmailAddressPolicy, Update-EmailAddressPolicy, `
    Set-OwaVirtualDirectory, Set-EcpVirtualDirectory, Set-ActiveSyncVirtualDirectory, Set-OabVirtualDirectory, Set-WebServicesVirtualDirectory, `
    Get-OwaVirtualDirectory, Get-EcpVirtualDirectory, Get-ActiveSyncVirtualDirectory, Get-OabVirtualDirectory, Get-WebServicesVirtualDirectory, `
    Get-OutlookAnywhere, Set-OutlookAnywhere, Enable-OutlookAnywhere, Get-ReceiveConnector, Set-ReceiveConnector, New-ReceiveConnector, `
    Get-SendConnector, New-SendConnector, Get-DnsServerZone, Add-DnsServerPrimaryZone, Add-DnsServerResourceRecordA, Get-DnsServerResourceRecord, `
    Get-WebGlobalModule, Get-HotFix, Restart-Service, ARRConfig, Resolve-DnsName, Test-NetConnection, Invoke-WebRequest, New-ExchangeCertificate, `
    Get-ManagementRole, New-ManagementRole, Get-ManagementRoleEntry, Remove-ManagementRoleEntry, Set-ManagementRoleEntry, `
    Get-ManagementScope, New-ManagementScope, Get-RoleGroup, New-RoleGroup, Get-ManagementRoleAssignment, New-ManagementRoleAssignment, Remove-ManagementRoleAssignment, `
    Get-RoleGroupMember, Add-RoleGroupMember, Assert-LabRbac, Enable-LabRbacEnforcement, Initialize-LabRbac, dsacls.exe, `
    Get-ItemProperty, Get-AuthConfig, Get-ADForest, Get-ADDomainController, Get-MapiVirtualDirectory, Set-MapiVirtualDirectory
