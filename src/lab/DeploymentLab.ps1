<#
.SYNOPSIS
    The lab's deployment half: what the guide's D1–D18 touch, with the real cmdlet and parameter
    names. Dot-sourced by ExchangeLab.psm1 (same module scope: Read-LabState, Update-LabState, ...).
.DESCRIPTION
    Windows features (some need a restart before they count), Exchange setup (run through
    Start-Process; refuses without its prerequisites, takes LAB_SETUP_SECONDS), certificates (any
    .pfx path holds one for the mail, autodiscover and remote names of contoso.com and opens with any
    non-empty password), accepted domains, address policies (applied to existing mailboxes only by
    Update-EmailAddressPolicy), virtual directories, Outlook Anywhere in its 2010 and 2013 forms,
    connectors, DNS zones on WSE, ARRConfig and the Remote Desktop Gateway, and the internet as seen
    from the office (the registrar's records, the router's port forwards, OWA from outside): all of it
    answered from LAB_DIR files, never from the network.
#>

$script:LabInternetDomain = 'contoso.com'
$script:LabPublicIp = '203.0.113.10'
# Every .pfx of the lab holds the same purchased certificate (so ARR and Exchange can present the same one).
$script:LabPfxThumbprint = 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678'

function Get-LabInternet {
    # The registrar's records and the router's forwards, already as the guide asks (D13, D14).
    $path = Join-Path $script:LabDir 'INTERNET.json'
    if (-not (Test-Path -LiteralPath $path)) {
        $d = $script:LabInternetDomain
        $internet = [ordered]@{
            records  = @(
                [ordered]@{ Name = "mail.$d"; Type = 'A'; Value = $script:LabPublicIp },
                [ordered]@{ Name = "remote.$d"; Type = 'A'; Value = $script:LabPublicIp },
                [ordered]@{ Name = $d; Type = 'MX'; Value = "mail.$d"; Preference = 0 },
                [ordered]@{ Name = $d; Type = 'TXT'; Value = 'v=spf1 a mx ~all' },
                [ordered]@{ Name = "_autodiscover._tcp.$d"; Type = 'SRV'; Value = "mail.$d"; Priority = 0; Weight = 0; Port = 443 }
            )
            forwards = @([ordered]@{ Port = 25; To = 'EXCH' }, [ordered]@{ Port = 80; To = 'WSE' }, [ordered]@{ Port = 443; To = 'WSE' })
        }
        [System.IO.File]::WriteAllText($path, (ConvertTo-Json -InputObject $internet -Depth 6), (New-Object System.Text.UTF8Encoding($false)))
    }
    return (ConvertFrom-Json -InputObject ([System.IO.File]::ReadAllText($path)))
}

# ------------------------------------------------------------ a Windows file system, for .pfx files

function Resolve-Path {
    <# Lab: a Windows path (C:\..., \\server\share\...) names a file of the lab; any .pfx there exists. #>
    [CmdletBinding()]
    param([Parameter(Position = 0)][string[]]$Path, [string[]]$LiteralPath)
    $given = @($Path) + @($LiteralPath) | Where-Object { $_ }
    $out = @()
    foreach ($p in $given) {
        if ($p -match '^([A-Za-z]:\\|\\\\)') {
            $dir = Join-Path $script:LabDir 'files'
            if (-not (Test-Path -LiteralPath $dir)) { New-Item -ItemType Directory -Path $dir | Out-Null }
            $file = Join-Path $dir (($p -replace '[\\/:]', '_').TrimStart('_'))
            if ($p -match '(?i)\.pfx$' -and -not (Test-Path -LiteralPath $file)) {
                [System.IO.File]::WriteAllBytes($file, [System.Text.Encoding]::ASCII.GetBytes("LAB-PFX $p"))
            }
            if (-not (Test-Path -LiteralPath $file)) { throw (New-LabErrorRecord "Cannot find path '$p' because it does not exist." ([System.Management.Automation.ErrorCategory]::ObjectNotFound) 'PathNotFound,Microsoft.PowerShell.Commands.ResolvePathCommand' $p) }
            $out += [pscustomobject]@{ Path = $file; ProviderPath = $file }
        } else {
            $out += Microsoft.PowerShell.Management\Resolve-Path -LiteralPath $p
        }
    }
    return $out
}

function Get-LabPfxNotAfter {
    # The lab's purchased certificate runs a year from when the lab was made (LAB_DIR/PFX.json may say otherwise).
    $path = Join-Path $script:LabDir 'PFX.json'
    if (Test-Path -LiteralPath $path) { return [string](ConvertFrom-Json -InputObject ([System.IO.File]::ReadAllText($path))).NotAfter }
    return (Get-Date).ToUniversalTime().AddDays(365).ToString('o')
}

function Get-LabCertificateNames { $d = $script:LabInternetDomain; return @("mail.$d", "autodiscover.$d", "remote.$d") }

function Assert-LabPfxPassword([System.Security.SecureString]$Password) {
    if (-not $Password -or (ConvertTo-LabSecurePlain $Password).Length -eq 0) {
        throw (New-LabErrorRecord 'The specified network password is not correct.' ([System.Management.Automation.ErrorCategory]::InvalidArgument) 'CryptographicException' $null)
    }
}

function Get-PfxData {
    <# PKI module: what a .pfx holds. #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$FilePath, [System.Security.SecureString]$Password)
    Resolve-Path -LiteralPath $FilePath | Out-Null
    Assert-LabPfxPassword $Password
    $names = @(Get-LabCertificateNames | ForEach-Object { [pscustomobject]@{ Unicode = $_; Punycode = $_ } })
    return [pscustomobject]@{ EndEntityCertificates = @([pscustomobject]@{ Subject = "CN=$((Get-LabCertificateNames)[0])"; DnsNameList = $names; Thumbprint = 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678' }) }
}

# ------------------------------------------------------------ ServerManager

function Get-WindowsFeature {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string[]]$Name)
    $state = Assert-LabReachable $script:LabHost
    Wait-LabSlowCmdlet 'Get-WindowsFeature'
    $all = @($state.features | ForEach-Object { [pscustomobject]@{ Name = $_.Name; InstallState = $_.InstallState; Installed = ($_.InstallState -eq 'Installed') } })
    if (-not $Name) { return $all }
    return @($all | Where-Object { $Name -contains $_.Name })
}

function Add-WindowsFeature {
    <# ServerManager. The lab refuses -Restart: a reboot is always its own step, behind an approval. #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][string[]]$Name, [switch]$Restart, [switch]$IncludeManagementTools)
    if ($Restart) { throw 'Refused: the lab never restarts from Add-WindowsFeature -Restart; a reboot is its own step.' }
    Assert-LabReachable $script:LabHost | Out-Null
    $restartNeeded = $false
    Update-LabState $script:LabHost {
        param($s)
        foreach ($f in @($s.features)) {
            if ($Name -contains $f.Name -and $f.InstallState -eq 'Available') {
                if ($script:RestartFeatures -contains $f.Name) { $f.InstallState = 'InstallPending'; $restartNeeded = $true } else { $f.InstallState = 'Installed' }
            }
        }
    } | Out-Null
    $pending = @((Read-LabState $script:LabHost).features | Where-Object { $_.InstallState -eq 'InstallPending' }).Count -gt 0
    Write-LabCall 'Add-WindowsFeature' @{ Name = ($Name -join ',') }
    $needed = 'No'
    if ($pending) { $needed = 'Yes' }
    return [pscustomobject]@{ Success = $true; RestartNeeded = $needed; ExitCode = 'Success' }
}

function Install-WindowsFeature {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][string[]]$Name, [switch]$Restart, [switch]$IncludeManagementTools)
    Add-WindowsFeature -Name $Name -Restart:$Restart -IncludeManagementTools:$IncludeManagementTools
}

function Complete-LabReboot([string]$HostName) {
    # What a restart finishes: features that were pending, and Exchange setup's own restart.
    Update-LabState $HostName {
        param($s)
        foreach ($f in @($s.features)) { if ($f.InstallState -eq 'InstallPending') { $f.InstallState = 'Installed' } }
        if ($s.exchange -and $s.exchange.restartPending) { $s.exchange.restartPending = $false }
    } | Out-Null
}

# ------------------------------------------------------------ Active Directory groups (D1)

function Add-ADGroupMember {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Identity, [Parameter(Mandatory = $true, Position = 1)][string[]]$Members)
    Assert-LabReachable 'WSE' | Out-Null
    Update-LabState 'WSE' {
        param($s)
        foreach ($u in @($s.adUsers)) {
            if ($Members -contains $u.SamAccountName -and -not (@($u.MemberOf) -contains $Identity)) { $u.MemberOf = @($u.MemberOf) + @($Identity) }
        }
    } | Out-Null
    Write-LabCall 'Add-ADGroupMember' @{ Identity = $Identity; Members = ($Members -join ',') }
}

# The domain's built-in groups, and Organization Management once Exchange setup (/PrepareAD) made it.
function Get-LabADGroupNames {
    $wse = Read-LabState 'WSE'
    $names = @('Domain Users', 'Domain Admins', 'Enterprise Admins', 'Schema Admins')
    $exch = Read-LabState 'EXCH'
    if ($exch.exchange -and $exch.exchange.installed) { $names += 'Organization Management' }
    foreach ($u in @($wse.adUsers)) { foreach ($g in @($u.MemberOf | Where-Object { $_ })) { if ($names -notcontains $g) { $names += [string]$g } } }
    return $names
}

function Get-ADGroup {
    <#
    .SYNOPSIS
        Lab: an AD security group by name (or its distinguished name); not found as the real cmdlet says.
    .PARAMETER Identity
        The group's name or distinguished name.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Identity)
    Assert-LabReachable 'WSE' | Out-Null
    $name = $Identity
    $dn = [regex]::Match($Identity, '^(?i)CN=([^,]+),')
    if ($dn.Success) { $name = $dn.Groups[1].Value }
    $found = @(Get-LabADGroupNames | Where-Object { $_ -ieq $name })
    if (-not $found.Count) { throw (New-LabADNotFound $Identity 'GetADGroup') }
    $group = ConvertTo-LabADGroup $found[0] 'Security'
    if (@('Enterprise Admins', 'Schema Admins', 'Organization Management') -contains $found[0]) { $group.GroupScope = 'Universal' }
    return $group
}

function Assert-LabDeploymentRights([string]$What, [string[]]$Groups) {
    # LAB_ENFORCE_RBAC=true: what needs the deployment's rights is refused to an account without them.
    if ($env:LAB_ENFORCE_RBAC -ne 'true') { return }
    $missing = @($Groups | Where-Object { -not (Test-LabDeploymentRight $_) })
    if ($missing.Count) {
        $exception = New-Object System.UnauthorizedAccessException("Access is denied: $What needs membership of $($Groups -join ' and ') ($env:USERNAME is not in $($missing -join ', ')).")
        throw (New-Object System.Management.Automation.ErrorRecord($exception, 'AccessDenied', ([System.Management.Automation.ErrorCategory]::PermissionDenied), $What))
    }
}

function Get-ADGroupMember {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Identity)
    $wse = Assert-LabReachable 'WSE'
    return @($wse.adUsers | Where-Object { @($_.MemberOf) -contains $Identity } | ForEach-Object { [pscustomobject]@{ Name = $_.Name; SamAccountName = $_.SamAccountName } })
}

# ------------------------------------------------------------ Exchange setup (D3)

function Get-AuthenticodeSignature {
    <#
    .SYNOPSIS
        Lab: answers as Windows does for a file's Authenticode signature. Exchange's Setup.exe /
        setup.com are signed by Microsoft (Status Valid); a lab file under LAB_DIR/files (named as
        Resolve-Path names them) says otherwise: "LAB-UNSIGNED" = NotSigned, "LAB-TAMPERED" =
        HashMismatch, "LAB-SIGNED <subject>" = Valid, signed by that subject. Any other path does
        not exist.
    .PARAMETER FilePath
        The file whose signature is read.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][string[]]$FilePath)
    $microsoft = 'CN=Microsoft Corporation, O=Microsoft Corporation, L=Redmond, S=Washington, C=US'
    foreach ($p in $FilePath) {
        $file = Join-Path (Join-Path $script:LabDir 'files') (($p -replace '[\\/:]', '_').TrimStart('_'))
        $status = 'Valid'
        $subject = $microsoft
        if (Test-Path -LiteralPath $file) {
            $content = [System.IO.File]::ReadAllText($file)
            if ($content.StartsWith('LAB-UNSIGNED')) { $status = 'NotSigned'; $subject = $null }
            elseif ($content.StartsWith('LAB-TAMPERED')) { $status = 'HashMismatch' }
            elseif ($content.StartsWith('LAB-SIGNED ')) { $subject = $content.Substring(11).Trim() }
        } elseif ($p -notmatch '(?i)^[A-Za-z]:\\.*\bsetup\.(exe|com)$') {
            throw (New-LabErrorRecord "Cannot find path '$p' because it does not exist." ([System.Management.Automation.ErrorCategory]::ObjectNotFound) 'FileNotFound,Microsoft.PowerShell.Commands.GetAuthenticodeSignatureCommand' $p)
        }
        $messages = @{ Valid = 'Signature verified.'; NotSigned = 'The file is not digitally signed.'; HashMismatch = 'The contents of the file might have been changed by an unauthorized user or process, because the hash of the file does not match the hash stored in the digital signature.' }
        $signer = $null
        if ($subject) { $signer = [pscustomobject]@{ Subject = $subject; Issuer = 'CN=Microsoft Code Signing PCA 2011, O=Microsoft Corporation, L=Redmond, S=Washington, C=US' } }
        [pscustomobject]@{ Path = $p; Status = $status; StatusMessage = $messages[$status]; SignerCertificate = $signer; SignatureType = 'Authenticode' }
    }
}

# What each version's setup refuses, as Microsoft documents it: the Windows it installs on, the
# forest functional level it needs, its licence switch, its roles, its prerequisites.
$script:LabSupportedWindows = @{ '2010' = @('2008R2', '2012', '2012R2'); '2013' = @('2012', '2012R2'); '2016' = @('2012', '2012R2', '2016'); '2019' = @('2019', '2022'); 'SE' = @('2019', '2022', '2025') }
$script:LabBuilds = @{ '2010' = 'Version 14.3 (Build 513.0)'; '2013' = 'Version 15.0 (Build 1497.2)'; '2016' = 'Version 15.1 (Build 2507.6)'; '2019' = 'Version 15.2 (Build 1544.4)'; 'SE' = 'Version 15.2 (Build 2562.17)' }

function Get-LabBuild([string]$Version) { return $script:LabBuilds[$Version] }

function New-LabSetupCertificates([string]$Version, [string]$DnsRoot) {
    # Setup makes a self-signed certificate for the server (5 years) and, from 2013 on, the Auth
    # certificate that signs OAuth tokens and remote PowerShell payloads (5 years too).
    $now = (Get-Date).ToUniversalTime()
    $certs = @([ordered]@{ Thumbprint = '0F0E0D0C0B0A09080706050403020100FFEEDDCC'; Subject = 'CN=EXCH'; CertificateDomains = @('EXCH', "EXCH.$DnsRoot"); Services = 'IMAP, POP, IIS, SMTP'; IsSelfSigned = $true; NotAfter = $now.AddYears(5).ToString('o') })
    if ($Version -ne '2010') {
        $certs += [ordered]@{ Thumbprint = '5EA1AC0DE5EA1AC0DE5EA1AC0DE5EA1AC0DE5EA1'; Subject = 'CN=Microsoft Exchange Server Auth Certificate'; CertificateDomains = @(); Services = 'SMTP'; IsSelfSigned = $true; NotAfter = $now.AddYears(5).ToString('o') }
    }
    return $certs
}

function Get-LabSetupProblem($State, [string]$Arguments, [switch]$Upgrade) {
    # The checks Exchange setup makes before it changes anything, in its order. $null: none.
    $version = [string]$State.exchange.version
    if ($Upgrade) { $version = 'SE' }
    $modern = @('2016', '2019', 'SE') -contains $version
    $windows = [string]$State.windowsVersion
    if (-not $windows) { $windows = '2012R2' }
    $wse = Read-LabState 'WSE'
    if (@($script:LabSupportedWindows[$version]) -notcontains $windows) { return "Exchange $version cannot be installed on $($State.OperatingSystem): it is not a supported operating system (supported: Windows Server $((@($script:LabSupportedWindows[$version]) | ForEach-Object { $_ -replace 'R2$', ' R2' }) -join ', '))." }
    if (@('2019', 'SE') -contains $version -and @('Windows2012Forest') -contains [string]$wse.forestMode) { return "The forest functional level of the current Active Directory forest is not Windows Server 2012 R2 or later, and a domain controller runs $($wse.OperatingSystem): Exchange $version needs Windows Server 2012 R2 or later for both." }
    if ($modern) {
        if ($Arguments -match '(?i)/IAcceptExchangeServerLicenseTerms(\s|$)') { return '/IAcceptExchangeServerLicenseTerms has been removed from Exchange Server command-line setup: use /IAcceptExchangeServerLicenseTerms_DiagnosticDataON or /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF.' }
        if ($Arguments -notmatch '(?i)/IAcceptExchangeServerLicenseTerms_DiagnosticData(ON|OFF)(\s|$)') { return 'You must accept the license terms: /IAcceptExchangeServerLicenseTerms_DiagnosticDataON or /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF.' }
        if (-not $Upgrade -and $Arguments -match '(?i)/roles?:\S*(ClientAccess|\bca\b|HubTransport|UnifiedMessaging)') { return "The role you chose isn't available: Exchange $version has only the Mailbox and Edge Transport roles (/Roles:Mailbox)." }
        if (-not $Upgrade -and $Arguments -notmatch '(?i)/(roles?|r):(Mailbox|mb|m)(\s|$)') { return 'Choose a role: /Roles:Mailbox.' }
    } elseif ($version -eq '2013') {
        if ($Arguments -match '(?i)_DiagnosticData') { return "The command-line parameter /IAcceptExchangeServerLicenseTerms_DiagnosticData isn't valid for Exchange 2013 setup." }
        if ($Arguments -notmatch '(?i)/IAcceptExchangeServerLicenseTerms(\s|$)') { return 'You must accept the license terms: /IAcceptExchangeServerLicenseTerms.' }
    }
    $missing = @($State.features | Where-Object { $_.InstallState -ne 'Installed' })
    if (-not $Upgrade -and $missing.Count -gt 0) { return "Prerequisite check failed: $(@($missing | ForEach-Object { $_.Name }) -join ', ') must be installed (and the server restarted)." }
    if ($modern) {
        $absent = @($script:LabPrerequisites | Where-Object { @($State.programs) -notcontains $_.DisplayName } | ForEach-Object { $_.DisplayName })
        if ($absent.Count -gt 0) { return "Prerequisite check failed: $($absent -join ', ') must be installed first." }
    }
    return $null
}

function Install-LabPrerequisite([string]$FilePath, [string[]]$ArgumentList) {
    # An installer of the prerequisites folder: .NET, the Visual C++ runtimes, UCMA, URL Rewrite (via msiexec).
    $file = $FilePath
    if ($FilePath -match '(?i)(^|\\)msiexec(\.exe)?$') { $file = [string](@($ArgumentList | Where-Object { $_ -match '(?i)\.msi"?$' })[0]) }
    $file = $file.Trim('"')
    $leaf = ($file -split '\\')[-1]
    $known = @($script:LabPrerequisites | Where-Object { $_.File -ieq $leaf })
    if (-not $known.Count) { return $null }
    if ($file -notmatch '^([A-Za-z]:\\|\\\\)') { return [pscustomobject]@{ ExitCode = 2; HasExited = $true } }
    Update-LabState $script:LabHost { param($s) if (@($s.programs) -notcontains $known[0].DisplayName) { $s.programs = @($s.programs) + @($known[0].DisplayName) } } | Out-Null
    return [pscustomobject]@{ ExitCode = 0; HasExited = $true }
}

function Start-Process {
    <# Lab: Exchange's Setup.exe / setup.com and the prerequisites' installers "run", as a simulation; the lab starts no program. #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][string]$FilePath, [Parameter(Position = 1)][string[]]$ArgumentList, [switch]$Wait, [switch]$PassThru, [switch]$NoNewWindow)
    $state = Assert-LabReachable $script:LabHost
    $arguments = ($ArgumentList -join ' ')
    if ($FilePath -notmatch '(?i)(^|\\)setup\.(exe|com)$') {
        Write-LabCall 'Start-Process' @{ FilePath = $FilePath; ArgumentList = $arguments }
        $installed = Install-LabPrerequisite $FilePath $ArgumentList
        if ($installed) { return $installed }
        throw "Refused: the lab runs no program ($FilePath)."
    }
    Write-LabCall 'Start-Process' @{ FilePath = $FilePath; ArgumentList = $arguments }
    $upgrade = $arguments -match '(?i)/mode:upgrade'
    $fail = $null
    if ($script:LabHost -ne 'EXCH') { $fail = 'Exchange is not supported on the Windows Server Essentials server.' }
    elseif ($arguments -notmatch '(?i)/mode:(install|upgrade)') { $fail = 'Only /mode:Install and /mode:Upgrade are simulated.' }
    elseif ($upgrade -and -not $state.exchange.installed) { $fail = 'There is no Exchange on this server to upgrade.' }
    elseif ($upgrade -and ([string]$state.exchange.version -ne '2019' -or [string]$state.exchange.build -notmatch 'Build (1544|1748)\.')) { $fail = "Exchange Server SE upgrades in place only from Exchange 2019 CU14 or CU15 (this server runs Exchange $($state.exchange.version), $($state.exchange.build))." }
    elseif (-not $upgrade -and $state.exchange.installed) { $fail = 'Exchange is already installed on this server.' }
    else { $fail = Get-LabSetupProblem $state $arguments -Upgrade:$upgrade }
    # /PrepareSchema and /PrepareAD, which a first setup and an upgrade (its schema update) run: Schema Admins and Enterprise Admins.
    if (-not $fail -and $env:LAB_ENFORCE_RBAC -eq 'true') {
        $missing = @(@('Schema Admins', 'Enterprise Admins') | Where-Object { -not (Test-LabDeploymentRight $_) })
        if ($missing.Count) { $fail = "The current user $env:USERNAME must be a member of the Schema Admins and Enterprise Admins groups to prepare the schema and Active Directory (not a member of $($missing -join ', '))." }
    }
    if ($fail) {
        Update-LabState 'EXCH' { param($s) $s.exchange | Add-Member -NotePropertyName lastSetupError -NotePropertyValue $fail -Force } | Out-Null
        return [pscustomobject]@{ ExitCode = 1; HasExited = $true }
    }
    $seconds = 10
    if ($env:LAB_SETUP_SECONDS) { $seconds = [int]$env:LAB_SETUP_SECONDS }
    Start-Sleep -Seconds $seconds
    if ($upgrade) {
        Update-LabState 'EXCH' {
            param($s)
            $s.exchange.version = 'SE'
            $s.exchange.build = Get-LabBuild 'SE'
            $s.exchange | Add-Member -NotePropertyName restartPending -NotePropertyValue $true -Force
        } | Out-Null
        return [pscustomobject]@{ ExitCode = 0; HasExited = $true }
    }
    $organization = 'First Organization'
    $m = [regex]::Match($arguments, '(?i)/OrganizationName:"?([^"/]+)"?')
    if ($m.Success) { $organization = $m.Groups[1].Value.Trim() }
    $dnsRoot = (Read-LabState 'WSE').domain.DNSRoot
    # /PrepareAD creates Organization Management and makes the account running setup a member.
    $me = $env:USERNAME
    Update-LabState 'WSE' { param($s) foreach ($u in @($s.adUsers)) { if ($u.SamAccountName -ieq $me -and @($u.MemberOf) -notcontains 'Organization Management') { $u.MemberOf = @($u.MemberOf) + @('Organization Management') } } } | Out-Null
    Update-LabState 'EXCH' {
        param($s)
        $version = [string]$s.exchange.version
        $s.exchange = [ordered]@{ installed = $true; version = $version; organization = $organization; restartPending = $true; build = (Get-LabBuild $version) }
        $s.services = @(New-LabExchangeServices)
        $s.mailboxDatabases = @([ordered]@{ Name = 'Mailbox Database 01'; Server = 'EXCH'; Mounted = $true; EdbFilePath = 'D:\ExchangeDatabases\DB01\DB01.edb' })
        $s.acceptedDomains = @([ordered]@{ Name = $dnsRoot; DomainName = $dnsRoot; DomainType = 'Authoritative'; Default = $true })
        $s.emailAddressPolicies = @([ordered]@{ Name = 'Default Policy'; EnabledPrimarySMTPAddressTemplate = "SMTP:@$dnsRoot"; IncludedRecipients = 'AllRecipients'; Priority = 'Lowest'; Applied = $true })
        $s.certificates = @(New-LabSetupCertificates $version $dnsRoot)
        $front = 'Default Frontend EXCH'
        if ($version -eq '2010') { $front = 'Default EXCH' }
        $s.receiveConnectors = @([ordered]@{ Identity = "EXCH\$front"; Name = $front; Bindings = @('0.0.0.0:25'); RemoteIPRanges = @('0.0.0.0-255.255.255.255'); Fqdn = "EXCH.$dnsRoot"; AuthMechanism = 'Tls, Integrated, BasicAuth, BasicAuthRequireTLS, ExchangeServer' })
        $internal = "https://exch.$dnsRoot"
        $s.virtualDirectories = [ordered]@{
            owa = [ordered]@{ InternalUrl = "$internal/owa"; ExternalUrl = $null }
            ecp = [ordered]@{ InternalUrl = "$internal/ecp"; ExternalUrl = $null }
            'Microsoft-Server-ActiveSync' = [ordered]@{ InternalUrl = "$internal/Microsoft-Server-ActiveSync"; ExternalUrl = $null }
            OAB = [ordered]@{ InternalUrl = "http://exch.$dnsRoot/OAB"; ExternalUrl = $null; RequireSSL = $false }
            EWS = [ordered]@{ InternalUrl = "$internal/EWS/Exchange.asmx"; ExternalUrl = $null; BasicAuthentication = $false }
        }
        # MAPI over HTTP: its virtual directory exists from 2013 SP1; it is on by default from 2016.
        if ($version -ne '2010') { $s.virtualDirectories.mapi = [ordered]@{ InternalUrl = "$internal/mapi"; ExternalUrl = $null } }
        if ($version -eq '2010') {
            $s.outlookAnywhere = [ordered]@{ Enabled = $false; ExternalHostname = $null; ClientAuthenticationMethod = 'Basic'; SSLOffloading = $true }
        } else {
            $s.outlookAnywhere = [ordered]@{ Enabled = $true; ExternalHostname = $null; ExternalClientAuthenticationMethod = 'Negotiate'; ExternalClientsRequireSsl = $false; SSLOffloading = $true }
        }
    } | Out-Null
    return [pscustomobject]@{ ExitCode = 0; HasExited = $true }
}

function Get-ItemProperty {
    <# Lab: the registry keys Exchange's prerequisite checks read (installed programs, .NET's release); other paths are the real cmdlet's. #>
    [CmdletBinding()]
    param([Parameter(Position = 0)][string[]]$Path, [string[]]$LiteralPath, [Parameter(Position = 1)][string[]]$Name)
    $given = @(@($Path) + @($LiteralPath) | Where-Object { $_ })
    if (-not @($given | Where-Object { $_ -match '^(?i)HKLM:' }).Count) { return (Microsoft.PowerShell.Management\Get-ItemProperty -LiteralPath $given) }
    $state = Assert-LabReachable $script:LabHost
    $out = @()
    foreach ($p in $given) {
        if ($p -match '(?i)\\CurrentVersion\\Uninstall\\\*$') { $out += @(@($state.programs) | ForEach-Object { [pscustomobject]@{ DisplayName = [string]$_ } }) }
        elseif ($p -match '(?i)\\NET Framework Setup\\NDP\\v4\\Full$') {
            $release = 461814
            if (@($state.programs) -contains 'Microsoft .NET Framework 4.8') { $release = 528449 }
            $out += [pscustomobject]@{ Release = $release }
        }
    }
    return $out
}

function Get-ExchangeServer {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string]$Identity)
    $state = Assert-LabExchange
    $role = 'Mailbox, ClientAccess'
    if (@('2016', '2019', 'SE') -contains [string]$state.exchange.version) { $role = 'Mailbox' }
    $build = [string]$state.exchange.build
    if (-not $build) { $build = Get-LabBuild ([string]$state.exchange.version) }
    return [pscustomobject]@{ Name = 'EXCH'; Fqdn = 'EXCH.contoso.local'; AdminDisplayVersion = $build; ServerRole = $role; Organization = $state.exchange.organization }
}

function Get-AuthConfig {
    <# Exchange 2013 and later: the organization's OAuth configuration; CurrentCertificateThumbprint is the Auth certificate. #>
    [CmdletBinding()]
    param([string]$DomainController)
    $state = Assert-LabExchange
    $auth = @($state.certificates | Where-Object { [string]$_.Subject -eq 'CN=Microsoft Exchange Server Auth Certificate' })
    $thumbprint = $null
    if ($auth.Count) { $thumbprint = [string]$auth[0].Thumbprint }
    return [pscustomobject]@{ Name = 'Auth Configuration'; CurrentCertificateThumbprint = $thumbprint; ServiceName = '00000002-0000-0ff1-ce00-000000000000' }
}

function Get-ADForest {
    <# The forest of the lab's domain, with the functional level of its domain controller (WSE). #>
    [CmdletBinding()]
    param([string]$Identity)
    $wse = Assert-LabReachable 'WSE'
    $mode = [string]$wse.forestMode
    if (-not $mode) { $mode = 'Windows2012R2Forest' }
    return [pscustomobject]@{ Name = $wse.domain.DNSRoot; RootDomain = $wse.domain.DNSRoot; ForestMode = $mode }
}

function Get-ADDomainController {
    [CmdletBinding()]
    param([string]$Filter, [string]$Identity)
    $wse = Assert-LabReachable 'WSE'
    return @([pscustomobject]@{ Name = 'WSE'; HostName = "WSE.$($wse.domain.DNSRoot)"; OperatingSystem = ([string]$wse.OperatingSystem -replace '^Microsoft ', '') })
}

# ------------------------------------------------------------ certificates (D4)

function Import-ExchangeCertificate {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][byte[]]$FileData, [System.Security.SecureString]$Password, [bool]$PrivateKeyExportable = $false, [string]$Server)
    Assert-LabExchange | Out-Null
    if ($FileData.Length -eq 0 -or -not ([System.Text.Encoding]::ASCII.GetString($FileData)).StartsWith('LAB-PFX')) { throw (New-LabErrorRecord 'ASN1 bad tag value met.' ([System.Management.Automation.ErrorCategory]::InvalidData) '[Server=EXCH],Microsoft.Exchange.Management.SystemConfigurationTasks.ImportExchangeCertificate' $null) }
    Assert-LabPfxPassword $Password
    $cert = [ordered]@{ Thumbprint = 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678'; Subject = "CN=$((Get-LabCertificateNames)[0])"; CertificateDomains = @(Get-LabCertificateNames); Services = 'None'; IsSelfSigned = $false; NotAfter = (Get-LabPfxNotAfter) }
    Update-LabState 'EXCH' {
        param($s)
        if (-not (@($s.certificates) | Where-Object { $_.Thumbprint -eq $cert.Thumbprint })) { $s.certificates = @($s.certificates) + @($cert) }
    } | Out-Null
    Write-LabCall 'Import-ExchangeCertificate' @{ Thumbprint = $cert.Thumbprint }
    return [pscustomobject]$cert
}

function Get-ExchangeCertificate {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string]$Thumbprint)
    $state = Assert-LabExchange
    return @($state.certificates | Where-Object { -not $Thumbprint -or $_.Thumbprint -eq $Thumbprint } | ForEach-Object {
            $c = [pscustomobject]$_
            if ($c.NotAfter) { $c.NotAfter = ConvertTo-LabDate $c.NotAfter }
            $c
        })
}

function Enable-ExchangeCertificate {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$Thumbprint, [Parameter(Mandatory = $true)][string]$Services, [switch]$Force, [string]$Server)
    Assert-LabExchange | Out-Null
    $found = $false
    Update-LabState 'EXCH' {
        param($s)
        foreach ($c in @($s.certificates)) { if ($c.Thumbprint -eq $Thumbprint) { $c.Services = $Services; $found = $true } }
    } | Out-Null
    Write-LabCall 'Enable-ExchangeCertificate' @{ Thumbprint = $Thumbprint; Services = $Services }
}

# ------------------------------------------------------------ domains and policies (D5, D6)

function New-AcceptedDomain {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$Name, [Parameter(Mandatory = $true)][string]$DomainName, [string]$DomainType = 'Authoritative')
    $state = Assert-LabExchange
    if (@($state.acceptedDomains | Where-Object { $_.DomainName -ieq $DomainName }).Count) { throw (New-LabErrorRecord "An accepted domain with the domain name `"$DomainName`" already exists." ([System.Management.Automation.ErrorCategory]::InvalidArgument) '[Server=EXCH],Microsoft.Exchange.Management.SystemConfigurationTasks.NewAcceptedDomain' $DomainName) }
    Update-LabState 'EXCH' { param($s) $s.acceptedDomains = @($s.acceptedDomains) + @([ordered]@{ Name = $Name; DomainName = $DomainName; DomainType = $DomainType; Default = $false }) } | Out-Null
    Write-LabCall 'New-AcceptedDomain' @{ Name = $Name; DomainName = $DomainName }
}

function Set-AcceptedDomain {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Identity, [bool]$MakeDefault)
    Assert-LabExchange | Out-Null
    Update-LabState 'EXCH' {
        param($s)
        foreach ($d in @($s.acceptedDomains)) { if ($MakeDefault) { $d.Default = ($d.Name -ieq $Identity -or $d.DomainName -ieq $Identity) } }
    } | Out-Null
    Write-LabCall 'Set-AcceptedDomain' @{ Identity = $Identity; MakeDefault = $MakeDefault }
}

function New-EmailAddressPolicy {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$Name, [string]$IncludedRecipients = 'AllRecipients', [Parameter(Mandatory = $true)][string]$EnabledPrimarySMTPAddressTemplate, [string]$Priority = '1')
    $state = Assert-LabExchange
    if (@($state.emailAddressPolicies | Where-Object { $_.Name -ieq $Name }).Count) { throw (New-LabErrorRecord "The email address policy `"$Name`" already exists." ([System.Management.Automation.ErrorCategory]::InvalidArgument) '[Server=EXCH],Microsoft.Exchange.Management.SystemConfigurationTasks.NewEmailAddressPolicy' $Name) }
    $domain = $EnabledPrimarySMTPAddressTemplate -replace '^.*@', ''
    if (-not (@($state.acceptedDomains | Where-Object { $_.DomainName -ieq $domain }).Count)) { throw (New-LabErrorRecord "The domain `"$domain`" of the address template is not an accepted domain." ([System.Management.Automation.ErrorCategory]::InvalidArgument) '[Server=EXCH],Microsoft.Exchange.Management.SystemConfigurationTasks.NewEmailAddressPolicy' $domain) }
    Update-LabState 'EXCH' { param($s) $s.emailAddressPolicies = @(@([ordered]@{ Name = $Name; EnabledPrimarySMTPAddressTemplate = $EnabledPrimarySMTPAddressTemplate; IncludedRecipients = $IncludedRecipients; Priority = $Priority; Applied = $false }) + @($s.emailAddressPolicies)) } | Out-Null
    Write-LabCall 'New-EmailAddressPolicy' @{ Name = $Name; Template = $EnabledPrimarySMTPAddressTemplate }
}

function Update-EmailAddressPolicy {
    <# Applies a policy to the recipients that exist (new ones get it anyway). #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Identity)
    $state = Assert-LabExchange
    $policy = @($state.emailAddressPolicies | Where-Object { $_.Name -ieq $Identity })
    if (-not $policy.Count) { throw (New-LabErrorRecord "The operation couldn't be performed because object '$Identity' couldn't be found on 'WSE.contoso.local'." ([System.Management.Automation.ErrorCategory]::NotSpecified) '[Server=EXCH],Microsoft.Exchange.Management.SystemConfigurationTasks.UpdateEmailAddressPolicy' $Identity) }
    Update-LabState 'EXCH' {
        param($s)
        foreach ($p in @($s.emailAddressPolicies)) { if ($p.Name -ieq $Identity) { $p.Applied = $true } }
        foreach ($m in @($s.mailboxes)) {
            if ($m.EmailAddressPolicyEnabled -eq $false) { continue }
            $primary = Expand-LabAddressTemplate $policy[0].EnabledPrimarySMTPAddressTemplate $m
            $others = @($m.EmailAddresses | Where-Object { ($_ -replace '^(?i)smtp:', '') -ine $primary } | ForEach-Object { 'smtp:' + ($_ -replace '^(?i)smtp:', '') })
            $m.EmailAddresses = @('SMTP:' + $primary) + $others
            $m.PrimarySmtpAddress = $primary
        }
    } | Out-Null
    Write-LabCall 'Update-EmailAddressPolicy' @{ Identity = $Identity }
}

# ------------------------------------------------------------ virtual directories (D7), Outlook Anywhere (D8)

function Get-LabVdirKey([string]$Identity, [string]$Kind) {
    # "EXCH\owa (Default Web Site)" -> owa; an empty identity means the one of that kind.
    if (-not $Identity) { return $Kind }
    $m = [regex]::Match($Identity, '\\(.+?) \(Default Web Site\)$')
    if ($m.Success) { return $m.Groups[1].Value }
    return $Kind
}

function Set-LabVdir([string]$Kind, [string]$Identity, [hashtable]$Changes, [string]$Cmdlet) {
    $state = Assert-LabExchange
    $key = Get-LabVdirKey $Identity $Kind
    if ($key -ne $Kind) { throw (New-LabErrorRecord "The operation couldn't be performed because object '$Identity' couldn't be found." ([System.Management.Automation.ErrorCategory]::NotSpecified) "[Server=EXCH],$Cmdlet" $Identity) }
    Update-LabState 'EXCH' { param($s) foreach ($k in $Changes.Keys) { $s.virtualDirectories.$Kind | Add-Member -NotePropertyName $k -NotePropertyValue $Changes[$k] -Force } } | Out-Null
    $logged = @{ Identity = $Identity }
    foreach ($k in $Changes.Keys) { $logged[$k] = [string]$Changes[$k] }
    Write-LabCall $Cmdlet $logged
}

function Get-LabVdir([string]$Kind) {
    $state = Assert-LabExchange
    $v = $state.virtualDirectories.$Kind
    $o = [pscustomobject]@{ Identity = "EXCH\$Kind (Default Web Site)"; Name = "$Kind (Default Web Site)"; Server = 'EXCH' }
    foreach ($p in $v.PSObject.Properties) { $o | Add-Member -NotePropertyName $p.Name -NotePropertyValue $p.Value -Force }
    return $o
}

function Select-LabChanges([hashtable]$Bound, [string[]]$Names) {
    $changes = @{}
    foreach ($n in $Names) { if ($Bound.ContainsKey($n)) { $changes[$n] = $Bound[$n] } }
    return $changes
}

function Set-OwaVirtualDirectory { [CmdletBinding()] param([Parameter(Mandatory = $true, Position = 0)][string]$Identity, [string]$InternalUrl, [string]$ExternalUrl) Set-LabVdir 'owa' $Identity (Select-LabChanges $PSBoundParameters @('InternalUrl', 'ExternalUrl')) 'Set-OwaVirtualDirectory' }
function Set-EcpVirtualDirectory { [CmdletBinding()] param([Parameter(Mandatory = $true, Position = 0)][string]$Identity, [string]$InternalUrl, [string]$ExternalUrl) Set-LabVdir 'ecp' $Identity (Select-LabChanges $PSBoundParameters @('InternalUrl', 'ExternalUrl')) 'Set-EcpVirtualDirectory' }
function Set-ActiveSyncVirtualDirectory { [CmdletBinding()] param([Parameter(Mandatory = $true, Position = 0)][string]$Identity, [string]$InternalUrl, [string]$ExternalUrl) Set-LabVdir 'Microsoft-Server-ActiveSync' $Identity (Select-LabChanges $PSBoundParameters @('InternalUrl', 'ExternalUrl')) 'Set-ActiveSyncVirtualDirectory' }
function Set-OabVirtualDirectory { [CmdletBinding()] param([Parameter(Mandatory = $true, Position = 0)][string]$Identity, [string]$InternalUrl, [string]$ExternalUrl, [bool]$RequireSSL) Set-LabVdir 'OAB' $Identity (Select-LabChanges $PSBoundParameters @('InternalUrl', 'ExternalUrl', 'RequireSSL')) 'Set-OabVirtualDirectory' }
function Set-WebServicesVirtualDirectory { [CmdletBinding()] param([Parameter(Mandatory = $true, Position = 0)][string]$Identity, [string]$InternalUrl, [string]$ExternalUrl, [bool]$BasicAuthentication) Set-LabVdir 'EWS' $Identity (Select-LabChanges $PSBoundParameters @('InternalUrl', 'ExternalUrl', 'BasicAuthentication')) 'Set-WebServicesVirtualDirectory' }
function Set-MapiVirtualDirectory { [CmdletBinding()] param([Parameter(Mandatory = $true, Position = 0)][string]$Identity, [string]$InternalUrl, [string]$ExternalUrl, [string[]]$IISAuthenticationMethods) Set-LabVdir 'mapi' $Identity (Select-LabChanges $PSBoundParameters @('InternalUrl', 'ExternalUrl')) 'Set-MapiVirtualDirectory' }
function Get-MapiVirtualDirectory { [CmdletBinding()] param([string]$Identity, [string]$Server) Get-LabVdir 'mapi' }
function Get-OwaVirtualDirectory { [CmdletBinding()] param([string]$Identity, [string]$Server) Get-LabVdir 'owa' }
function Get-EcpVirtualDirectory { [CmdletBinding()] param([string]$Identity, [string]$Server) Get-LabVdir 'ecp' }
function Get-ActiveSyncVirtualDirectory { [CmdletBinding()] param([string]$Identity, [string]$Server) Get-LabVdir 'Microsoft-Server-ActiveSync' }
function Get-OabVirtualDirectory { [CmdletBinding()] param([string]$Identity, [string]$Server) Get-LabVdir 'OAB' }
function Get-WebServicesVirtualDirectory { [CmdletBinding()] param([string]$Identity, [string]$Server) Get-LabVdir 'EWS' }

function Get-OutlookAnywhere {
    [CmdletBinding()]
    param([string]$Identity, [string]$Server)
    $state = Assert-LabExchange
    $o = [pscustomobject]@{ Identity = 'EXCH\Rpc (Default Web Site)'; Server = 'EXCH' }
    foreach ($p in $state.outlookAnywhere.PSObject.Properties) { $o | Add-Member -NotePropertyName $p.Name -NotePropertyValue $p.Value -Force }
    return $o
}

function Set-OutlookAnywhere {
    <# 2013 and later: External/Internal... parameters; 2010: ClientAuthenticationMethod (the table refuses each where it is absent). #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Identity, [string]$ExternalHostname, [string]$ClientAuthenticationMethod, [string]$ExternalClientAuthenticationMethod, [bool]$ExternalClientsRequireSsl, [string]$InternalHostname, [string]$InternalClientAuthenticationMethod, [bool]$InternalClientsRequireSsl, [bool]$SSLOffloading, [string]$DefaultAuthenticationMethod)
    $state = Assert-LabExchange
    if (-not $state.outlookAnywhere.Enabled) { throw (New-LabErrorRecord 'Outlook Anywhere is not enabled on this server (Enable-OutlookAnywhere).' ([System.Management.Automation.ErrorCategory]::InvalidOperation) '[Server=EXCH],Microsoft.Exchange.Management.SystemConfigurationTasks.SetRpcHttp' $Identity) }
    $changes = Select-LabChanges $PSBoundParameters @('ExternalHostname', 'ClientAuthenticationMethod', 'ExternalClientAuthenticationMethod', 'ExternalClientsRequireSsl', 'InternalHostname', 'InternalClientAuthenticationMethod', 'InternalClientsRequireSsl', 'SSLOffloading')
    Update-LabState 'EXCH' { param($s) foreach ($k in $changes.Keys) { $s.outlookAnywhere | Add-Member -NotePropertyName $k -NotePropertyValue $changes[$k] -Force } } | Out-Null
    Write-LabCall 'Set-OutlookAnywhere' @{ Identity = $Identity; ExternalHostname = $ExternalHostname }
}

function Enable-OutlookAnywhere {
    <# Exchange 2010 only (the table says so); Exchange 2013 and later have no such cmdlet. #>
    [CmdletBinding()]
    param([string]$Server, [Parameter(Mandatory = $true)][string]$ExternalHostname, [string]$ClientAuthenticationMethod = 'Basic', [bool]$SSLOffloading = $false, [string]$DefaultAuthenticationMethod)
    $state = Assert-LabExchange
    Update-LabState 'EXCH' { param($s) $s.outlookAnywhere = [ordered]@{ Enabled = $true; ExternalHostname = $ExternalHostname; ClientAuthenticationMethod = $ClientAuthenticationMethod; SSLOffloading = $SSLOffloading } } | Out-Null
    Write-LabCall 'Enable-OutlookAnywhere' @{ ExternalHostname = $ExternalHostname }
}

# ------------------------------------------------------------ connectors (D9, D10)

function Get-ReceiveConnector {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string]$Identity, [string]$Server)
    $state = Assert-LabExchange
    return @($state.receiveConnectors | Where-Object { -not $Identity -or $_.Identity -ieq $Identity -or $_.Name -ieq $Identity } | ForEach-Object { [pscustomobject]$_ })
}

function Set-ReceiveConnector {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Identity, [string[]]$RemoteIPRanges, [string]$Fqdn)
    $state = Assert-LabExchange
    if (-not @($state.receiveConnectors | Where-Object { $_.Identity -ieq $Identity -or $_.Name -ieq $Identity }).Count) { throw (New-LabErrorRecord "The operation couldn't be performed because object '$Identity' couldn't be found on 'WSE.contoso.local'." ([System.Management.Automation.ErrorCategory]::NotSpecified) '[Server=EXCH],Microsoft.Exchange.Management.SystemConfigurationTasks.SetReceiveConnector' $Identity) }
    $changes = Select-LabChanges $PSBoundParameters @('RemoteIPRanges', 'Fqdn')
    Update-LabState 'EXCH' { param($s) foreach ($c in @($s.receiveConnectors)) { if ($c.Identity -ieq $Identity -or $c.Name -ieq $Identity) { foreach ($k in $changes.Keys) { $c.$k = $changes[$k] } } } } | Out-Null
    Write-LabCall 'Set-ReceiveConnector' @{ Identity = $Identity; RemoteIPRanges = ($RemoteIPRanges -join ',') }
}

function New-ReceiveConnector {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Name, [string]$Server = 'EXCH', [Parameter(Mandatory = $true)][string[]]$Bindings, [string[]]$RemoteIPRanges = @('0.0.0.0-255.255.255.255'), [string]$Fqdn, [string]$AuthMechanism, [string]$PermissionGroups, [string]$Usage, [string]$TransportRole)
    $state = Assert-LabExchange
    if (@($state.receiveConnectors | Where-Object { $_.Name -ieq $Name }).Count) { throw (New-LabErrorRecord "A receive connector named `"$Name`" already exists." ([System.Management.Automation.ErrorCategory]::InvalidArgument) '[Server=EXCH],Microsoft.Exchange.Management.SystemConfigurationTasks.NewReceiveConnector' $Name) }
    $connector = [ordered]@{ Identity = "$Server\$Name"; Name = $Name; Bindings = @($Bindings); RemoteIPRanges = @($RemoteIPRanges); Fqdn = $Fqdn; AuthMechanism = $AuthMechanism; PermissionGroups = $PermissionGroups }
    Update-LabState 'EXCH' { param($s) $s.receiveConnectors = @($s.receiveConnectors) + @($connector) } | Out-Null
    Write-LabCall 'New-ReceiveConnector' @{ Name = $Name; Bindings = ($Bindings -join ',') }
}

function Get-SendConnector {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string]$Identity)
    $state = Assert-LabExchange
    return @($state.sendConnectors | Where-Object { -not $Identity -or $_.Name -ieq $Identity } | ForEach-Object { [pscustomobject]$_ })
}

function New-SendConnector {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Name, [string[]]$AddressSpaces, [bool]$DNSRoutingEnabled = $true, [bool]$UseExternalDNSServersEnabled = $false, [string[]]$SourceTransportServers, [string]$Usage)
    $state = Assert-LabExchange
    if (@($state.sendConnectors | Where-Object { $_.Name -ieq $Name }).Count) { throw (New-LabErrorRecord "A send connector named `"$Name`" already exists." ([System.Management.Automation.ErrorCategory]::InvalidArgument) '[Server=EXCH],Microsoft.Exchange.Management.SystemConfigurationTasks.NewSendConnector' $Name) }
    $connector = [ordered]@{ Name = $Name; AddressSpaces = @($AddressSpaces); DNSRoutingEnabled = $DNSRoutingEnabled; UseExternalDNSServersEnabled = $UseExternalDNSServersEnabled; SourceTransportServers = @($SourceTransportServers) }
    Update-LabState 'EXCH' { param($s) $s.sendConnectors = @($s.sendConnectors) + @($connector) } | Out-Null
    Write-LabCall 'New-SendConnector' @{ Name = $Name }
}

# ------------------------------------------------------------ DNS Server on WSE (D17)

function Get-DnsServerZone {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string]$Name)
    $wse = Assert-LabReachable 'WSE'
    $zones = @($wse.dnsZones | Where-Object { -not $Name -or $_.ZoneName -ieq $Name } | ForEach-Object { [pscustomobject]@{ ZoneName = $_.ZoneName; IsDsIntegrated = $_.IsDsIntegrated; ReplicationScope = $_.ReplicationScope } })
    if ($Name -and -not $zones.Count) { $PSCmdlet.WriteError((New-LabErrorRecord "The zone $Name was not found on server WSE." ([System.Management.Automation.ErrorCategory]::ObjectNotFound) 'WIN32 9601,Get-DnsServerZone' $Name)); return }
    return $zones
}

function Add-DnsServerPrimaryZone {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$Name, [string]$ReplicationScope = 'Domain')
    $wse = Assert-LabReachable 'WSE'
    Assert-LabDeploymentRights 'Add-DnsServerPrimaryZone' @('Enterprise Admins')
    if (@($wse.dnsZones | Where-Object { $_.ZoneName -ieq $Name }).Count) { throw (New-LabErrorRecord "The zone $Name already exists on server WSE." ([System.Management.Automation.ErrorCategory]::ResourceExists) 'WIN32 9609,Add-DnsServerPrimaryZone' $Name) }
    Update-LabState 'WSE' { param($s) $s.dnsZones = @($s.dnsZones) + @([ordered]@{ ZoneName = $Name; IsDsIntegrated = $true; ReplicationScope = $ReplicationScope; records = @() }) } | Out-Null
    Write-LabCall 'Add-DnsServerPrimaryZone' @{ Name = $Name; ReplicationScope = $ReplicationScope }
}

function Add-DnsServerResourceRecordA {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$ZoneName, [Parameter(Mandatory = $true)][string]$Name, [Parameter(Mandatory = $true)][string]$IPv4Address)
    Assert-LabReachable 'WSE' | Out-Null
    Assert-LabDeploymentRights 'Add-DnsServerResourceRecordA' @('Enterprise Admins')
    Update-LabState 'WSE' { param($s) foreach ($z in @($s.dnsZones)) { if ($z.ZoneName -ieq $ZoneName) { $z.records = @($z.records) + @([ordered]@{ HostName = $Name; RecordType = 'A'; IPv4Address = $IPv4Address }) } } } | Out-Null
    Write-LabCall 'Add-DnsServerResourceRecordA' @{ ZoneName = $ZoneName; Name = $Name; IPv4Address = $IPv4Address }
}

function Get-DnsServerResourceRecord {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$ZoneName, [string]$Name, [string]$RRType)
    $wse = Assert-LabReachable 'WSE'
    $zone = @($wse.dnsZones | Where-Object { $_.ZoneName -ieq $ZoneName })
    if (-not $zone.Count) { throw (New-LabErrorRecord "The zone $ZoneName was not found on server WSE." ([System.Management.Automation.ErrorCategory]::ObjectNotFound) 'WIN32 9601,Get-DnsServerResourceRecord' $ZoneName) }
    return @($zone[0].records | Where-Object { (-not $Name -or $_.HostName -ieq $Name) -and (-not $RRType -or $_.RecordType -ieq $RRType) } | ForEach-Object { [pscustomobject]@{ HostName = $_.HostName; RecordType = $_.RecordType; RecordData = [pscustomobject]@{ IPv4Address = $_.IPv4Address } } })
}

# ------------------------------------------------------------ the reverse proxy on WSE (D16)

function Get-WebGlobalModule {
    <# IIS: the global modules; the lab's WSE has Application Request Routing and URL Rewrite installed. #>
    [CmdletBinding()]
    param([string]$Name)
    Assert-LabReachable 'WSE' | Out-Null
    return @(@('ApplicationRequestRouting', 'RewriteModule') | Where-Object { -not $Name -or $_ -eq $Name } | ForEach-Object { [pscustomobject]@{ Name = $_ } })
}

function Get-HotFix {
    [CmdletBinding()]
    param([string[]]$Id)
    Assert-LabReachable $script:LabHost | Out-Null
    return @(@('KB2732764') | Where-Object { -not $Id -or $Id -contains $_ } | ForEach-Object { [pscustomobject]@{ HotFixID = $_; Description = 'Update' } })
}

function Restart-Service {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][string[]]$Name, [switch]$Force)
    Assert-LabReachable $script:LabHost | Out-Null
    Update-LabState $script:LabHost { param($s) foreach ($svc in @($s.services)) { if ($Name -contains $svc.Name) { $svc.Status = 'Running' } } } | Out-Null
    Write-LabCall 'Restart-Service' @{ Name = ($Name -join ',') }
}

function ARRConfig {
    <# WSE's ARRConfig.exe: "ARRConfig config -cert <pfx> -hostnames <names> [-targetserver <name>]"; the
       certificate's password is read from standard input, as when typed at its prompt. #>
    [CmdletBinding(PositionalBinding = $false)]
    param([Parameter(ValueFromPipeline = $true)][string]$InputObject, [Parameter(Position = 0, ValueFromRemainingArguments = $true)][string[]]$Arguments)
    end {
        if ($script:LabHost -ne 'WSE') { throw 'ARRConfig runs on the Windows Server Essentials server.' }
        $a = @($Arguments)
        $get = { param($flag) $i = [array]::IndexOf($a, $flag); if ($i -ge 0 -and $i + 1 -lt $a.Count) { $a[$i + 1] } }
        if ($a[0] -ne 'config') { throw 'Usage: ARRConfig config -cert <pfx> -hostnames <names> [-targetserver <name>]' }
        $cert = & $get '-cert'; $names = & $get '-hostnames'; $target = & $get '-targetserver'
        if (-not $InputObject) { throw 'ARRConfig: the certificate password is wrong.' }
        Resolve-Path -LiteralPath $cert | Out-Null
        $inCert = Get-LabCertificateNames
        foreach ($n in ($names -split ',')) { if ($inCert -notcontains $n.Trim()) { throw "ARRConfig: the host name $n is not in the certificate." } }
        Update-LabState 'WSE' { param($s) $s.arr = [ordered]@{ Certificate = $cert; HostNames = @($names -split ',' | ForEach-Object { $_.Trim() }); TargetServer = $target } } | Out-Null
        Write-LabCall 'ARRConfig' @{ cert = $cert; hostnames = $names; targetserver = $target }
        'ARRConfig: the reverse proxy is configured.'
    }
}

# ------------------------------------------------------------ the internet, as the office sees it (D13, D14, OWA)

function Test-LabExtendedProtection($Exch) {
    # On by default from Exchange 2019 CU14 (build 1544) and in SE.
    $v = [string]$Exch.exchange.version
    return ($v -eq 'SE' -or ($v -eq '2019' -and [string]$Exch.exchange.build -match 'Build (1544|1748)\.'))
}

function Resolve-DnsName {
    <# Public names are answered by the lab's registrar; nothing is looked up on a network. #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Name, [string]$Type = 'A', [string[]]$Server, [switch]$DnsOnly)
    $internet = Get-LabInternet
    $hits = @($internet.records | Where-Object { $_.Name -ieq $Name.TrimEnd('.') -and $_.Type -ieq $Type })
    if (-not $hits.Count) { throw (New-LabErrorRecord "${Name} : DNS name does not exist" ([System.Management.Automation.ErrorCategory]::ResourceUnavailable) 'DNS_ERROR_RCODE_NAME_ERROR,Microsoft.DnsClient.Commands.ResolveDnsName' $Name) }
    return @($hits | ForEach-Object {
            $r = $_ # inside switch, $_ is the switch's own value
            switch ($r.Type) {
                'A' { [pscustomobject]@{ Name = $r.Name; Type = 'A'; IPAddress = $r.Value } }
                'MX' { [pscustomobject]@{ Name = $r.Name; Type = 'MX'; NameExchange = $r.Value; Preference = $r.Preference } }
                'TXT' { [pscustomobject]@{ Name = $r.Name; Type = 'TXT'; Strings = @($r.Value) } }
                'SRV' { [pscustomobject]@{ Name = $r.Name; Type = 'SRV'; NameTarget = $r.Value; Priority = $r.Priority; Weight = $r.Weight; Port = $r.Port } }
            }
        })
}

function Test-NetConnection {
    <# A TCP connect to the public IP, answered by the lab's router: open where a forward exists. #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][string]$ComputerName, [int]$Port, [string]$InformationLevel)
    $internet = Get-LabInternet
    $forward = @($internet.forwards | Where-Object { [int]$_.Port -eq $Port })
    $open = ($ComputerName -eq $script:LabPublicIp) -and $forward.Count -gt 0
    return [pscustomobject]@{ ComputerName = $ComputerName; RemotePort = $Port; TcpTestSucceeded = $open }
}

function Invoke-WebRequest {
    <# Only the lab's OWA from outside answers, and only when every piece it needs is in place. #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Uri, [string]$Method = 'GET', [switch]$UseBasicParsing, [int]$TimeoutSec, [int]$MaximumRedirection)
    $m = [regex]::Match($Uri, '^https://([^/]+)/owa/?$', [System.Text.RegularExpressions.RegexOptions]::IgnoreCase)
    if (-not $m.Success) { throw "Refused: the lab answers only https://<mail host>/owa ($Uri)." }
    $hostName = $m.Groups[1].Value.ToLowerInvariant()
    $internet = Get-LabInternet
    $why = $null
    $a = @($internet.records | Where-Object { $_.Name -ieq $hostName -and $_.Type -eq 'A' })
    $exch = Read-LabState 'EXCH'
    $wse = Read-LabState 'WSE'
    if (-not $a.Count) { $why = "$hostName does not resolve" }
    elseif (-not @($internet.forwards | Where-Object { [int]$_.Port -eq 443 -and $_.To -eq 'WSE' }).Count) { $why = 'port 443 is not forwarded to WSE' }
    elseif (-not $wse.arr -or @($wse.arr.HostNames) -notcontains $hostName) { $why = 'the reverse proxy on WSE does not serve this name' }
    elseif (-not $exch.exchange.installed) { $why = 'Exchange is not installed' }
    elseif ([string]$exch.virtualDirectories.owa.ExternalUrl -ne "https://$hostName/owa") { $why = 'the OWA ExternalUrl is not set to this name' }
    elseif (-not @($exch.certificates | Where-Object { [string]$_.Services -match 'IIS' -and @($_.CertificateDomains) -contains $hostName }).Count) { $why = 'no certificate for this name is bound to IIS' }
    elseif ((Test-LabExtendedProtection $exch) -and -not @($exch.certificates | Where-Object { [string]$_.Services -match 'IIS' -and [string]$_.Thumbprint -eq $script:LabPfxThumbprint }).Count) { $why = 'Extended Protection: the reverse proxy presents another certificate than Exchange, so authentication fails (401)' }
    if ($why) { throw (New-LabErrorRecord "Unable to connect to the remote server ($why)." ([System.Management.Automation.ErrorCategory]::InvalidOperation) 'WebCmdletWebResponseException,Microsoft.PowerShell.Commands.InvokeWebRequestCommand' $Uri) }
    return [pscustomobject]@{ StatusCode = 200; StatusDescription = 'OK'; Content = '<title>Outlook Web App</title>' }
}

# ------------------------------------------------------------ certificate request (D12)

function New-ExchangeCertificate {
    <# Only -GenerateRequest is simulated: the request text a CA would sign. #>
    [CmdletBinding()]
    param([switch]$GenerateRequest, [Parameter(Mandatory = $true)][string]$SubjectName, [string[]]$DomainName, [bool]$PrivateKeyExportable = $false, [int]$KeySize = 2048)
    Assert-LabExchange | Out-Null
    if (-not $GenerateRequest) { throw 'The lab simulates only New-ExchangeCertificate -GenerateRequest.' }
    $body = [System.Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes("LAB CSR|$SubjectName|$($DomainName -join ',')|$KeySize"))
    $lines = for ($i = 0; $i -lt $body.Length; $i += 64) { $body.Substring($i, [Math]::Min(64, $body.Length - $i)) }
    Write-LabCall 'New-ExchangeCertificate' @{ SubjectName = $SubjectName; DomainName = ($DomainName -join ',') }
    return ("-----BEGIN NEW CERTIFICATE REQUEST-----`r`n" + ($lines -join "`r`n") + "`r`n-----END NEW CERTIFICATE REQUEST-----")
}
