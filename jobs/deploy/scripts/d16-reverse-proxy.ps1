<#
.SYNOPSIS
    D16: the reverse proxy on WSE (one public IP): checks Application Request Routing, URL Rewrite and
    KB2732764, checks the host names are in the certificate, then runs ARRConfig with the .pfx,
    typing its password at ARRConfig's prompt (standard input). Migration: -targetserver.
.PARAMETER Certificate
    The local path of the .pfx certificate file.
.PARAMETER HostNames
    The host names the certificate must cover (mail and remote access).
.PARAMETER TargetServer
    When migrating: the Exchange server the reverse proxy forwards to.
.PARAMETER CertificatePassword
    The .pfx password, read by the worker from its secret store; never logged.
.PARAMETER Probe
    Only report whether the step is done ({done, detail}); change nothing.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string]$Certificate, [Parameter(Mandatory = $true)][string[]]$HostNames,
    [string]$TargetServer = '', [string]$CertificatePassword = '', [switch]$Probe
)
$owa = $false
try { $owa = ((Invoke-WebRequest -Uri "https://$($HostNames[0])/owa" -UseBasicParsing -TimeoutSec 10).StatusCode -eq 200) } catch { $owa = $false }
if ($Probe) { return @{ done = $owa; detail = "https://$($HostNames[0])/owa answers through the reverse proxy" } }
if ($owa) { return @{ configured = $false } }
$modules = @(Get-WebGlobalModule | ForEach-Object { [string]$_.Name })
foreach ($needed in @('ApplicationRequestRouting', 'RewriteModule')) {
    if ($modules -notcontains $needed) { throw "IIS Application Request Routing and URL Rewrite must be installed on WSE first ($needed is missing)." }
}
if (-not @(Get-HotFix -Id 'KB2732764' -ErrorAction SilentlyContinue).Count) { throw 'Install update KB2732764 on WSE first.' }
$secure = ConvertTo-SecureString $CertificatePassword -AsPlainText -Force
$names = @((Get-PfxData -FilePath (Resolve-Path -LiteralPath $Certificate).ProviderPath -Password $secure).EndEntityCertificates[0].DnsNameList | ForEach-Object { [string]$_.Unicode })
$absent = @($HostNames | Where-Object { $names -notcontains $_ })
if ($absent.Count) { throw "The certificate does not cover $($absent -join ', ') (it covers $($names -join ', ')): the reverse proxy would fail." }
# ARRConfig.exe lives in %ProgramFiles%\Windows Server\Bin (2012 R2) or %Windir%\System32\Essentials (2016).
$env:PATH = $env:PATH + ';' + $env:ProgramFiles + '\Windows Server\Bin;' + $env:windir + '\System32\Essentials'
$arguments = @('config', '-cert', $Certificate, '-hostnames', ($HostNames -join ','))
if ($TargetServer) { $arguments += @('-targetserver', $TargetServer) }
$CertificatePassword | ARRConfig @arguments | Out-Null
$CertificatePassword = $null
@{ configured = $true }
