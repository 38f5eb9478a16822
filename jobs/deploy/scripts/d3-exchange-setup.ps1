<#
.SYNOPSIS
    D3: installs Exchange with its management tools (setup prepares the schema and AD itself).
    2016 CU22+, 2019 CU11+ and SE: Setup.exe /mode:Install /Roles:Mailbox
    /IAcceptExchangeServerLicenseTerms_DiagnosticDataON|OFF (the old switch is refused there);
    2013: /role:ClientAccess,Mailbox /IAcceptExchangeServerLicenseTerms; 2010 SP1+: setup.com
    /mode:install /roles:mb,ht,ca. Takes tens of minutes on a real server.
.PARAMETER SetupPath
    Setup.exe (setup.com for 2010) of the Exchange media, on EXCH or a share.
.PARAMETER ExchangeVersion
    2010, 2013, 2016, 2019 or SE: which command line setup takes.
.PARAMETER Organization
    The Exchange organization's name (letters, digits, spaces and hyphens).
.PARAMETER DiagnosticData
    on or off (2016 and later): whether Exchange sends diagnostic data to Microsoft.
.PARAMETER Probe
    Only say whether Exchange is installed ({done, detail}). Read-only.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string]$SetupPath,
    [Parameter(Mandatory = $true)][ValidateSet('2010', '2013', '2016', '2019', 'SE')][string]$ExchangeVersion,
    [Parameter(Mandatory = $true)][ValidatePattern('^[A-Za-z0-9][A-Za-z0-9 -]{0,63}$')][string]$Organization,
    [ValidateSet('on', 'off')][string]$DiagnosticData = 'off',
    [switch]$Probe
)
# Before setup the Exchange cmdlets do not exist at all; after it, this server is an Exchange server.
$installed = $false
if (Get-Command Get-ExchangeServer -ErrorAction SilentlyContinue) {
    try { $installed = @(Get-ExchangeServer -Identity $env:COMPUTERNAME -ErrorAction Stop).Count -gt 0 } catch { $installed = $false }
}
if ($Probe) { return @{ done = $installed; detail = 'Exchange is installed' } }
if ($installed) { return @{ alreadyInstalled = $true } }
# Setup runs as an Enterprise Admin: only Microsoft's own, untouched Setup.exe may run.
$signature = Get-AuthenticodeSignature -FilePath $SetupPath -ErrorAction Stop
$signer = ''
if ($signature.SignerCertificate) { $signer = [string]$signature.SignerCertificate.Subject }
if ([string]$signature.Status -ne 'Valid' -or $signer -notmatch '(^|,\s*)O=Microsoft Corporation(,|$)') {
    throw "Refused to run $SetupPath`: its Authenticode signature is not a valid Microsoft one (status $([string]$signature.Status)$(if ($signer) { ", signed by $signer" })). Use Exchange's setup files as Microsoft ships them."
}
$org = '/OrganizationName:"' + $Organization + '"'
if (@('2016', '2019', 'SE') -contains $ExchangeVersion) {
    $licence = '/IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF'
    if ($DiagnosticData -eq 'on') { $licence = '/IAcceptExchangeServerLicenseTerms_DiagnosticDataON' }
    $arguments = @('/mode:Install', '/Roles:Mailbox', $org, $licence)
} elseif ($ExchangeVersion -eq '2013') {
    $arguments = @('/mode:Install', '/role:ClientAccess,Mailbox', $org, '/IAcceptExchangeServerLicenseTerms')
} else {
    $arguments = @('/mode:install', '/roles:mb,ht,ca', $org)
}
$process = Start-Process -FilePath $SetupPath -ArgumentList $arguments -Wait -PassThru -NoNewWindow
if ($process.ExitCode -ne 0) { throw "Exchange setup failed (exit code $($process.ExitCode)); its log is C:\ExchangeSetupLogs\ExchangeSetup.log." }
@{ version = [string](Get-ExchangeServer -Identity $env:COMPUTERNAME).AdminDisplayVersion }
