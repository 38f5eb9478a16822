<#
.SYNOPSIS
    D3: installs Exchange with its management tools. 2013: Setup.exe /mode:Install
    /role:ClientAccess,Mailbox /IAcceptExchangeServerLicenseTerms; 2010 SP1+: setup.com /mode:install
    /roles:mb,ht,ca. Takes tens of minutes on a real server.
.PARAMETER SetupPath
    The local path of Exchange’s Setup.exe.
.PARAMETER ExchangeVersion
    The Exchange version of the deployment profile (2010 or 2013).
.PARAMETER Organization
    The Exchange organization name.
.PARAMETER Probe
    Only report whether the step is done ({done, detail}); change nothing.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string]$SetupPath,
    [Parameter(Mandatory = $true)][ValidateSet('2013', '2010')][string]$ExchangeVersion,
    [Parameter(Mandatory = $true)][ValidatePattern('^[A-Za-z0-9][A-Za-z0-9 -]{0,63}$')][string]$Organization,
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
if ($ExchangeVersion -eq '2013') {
    $arguments = @('/mode:Install', '/role:ClientAccess,Mailbox', ('/OrganizationName:"' + $Organization + '"'), '/IAcceptExchangeServerLicenseTerms')
} else {
    $arguments = @('/mode:install', '/roles:mb,ht,ca', ('/OrganizationName:"' + $Organization + '"'))
}
$process = Start-Process -FilePath $SetupPath -ArgumentList $arguments -Wait -PassThru -NoNewWindow
if ($process.ExitCode -ne 0) { throw "Exchange setup failed (exit code $($process.ExitCode)); its log is C:\ExchangeSetupLogs\ExchangeSetup.log." }
@{ version = [string](Get-ExchangeServer -Identity $env:COMPUTERNAME).AdminDisplayVersion }
