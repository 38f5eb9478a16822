<#
.SYNOPSIS
    Guard before anything changes: the .pfx opens with its password and covers the host names the
    reverse proxy will serve (the mail and remote-access names). Read-only.
.PARAMETER Certificate
    The local path of the .pfx certificate file.
.PARAMETER HostNames
    The host names the certificate must cover (mail and remote access).
.PARAMETER CertificatePassword
    The .pfx password, read by the worker from its secret store; never logged.
.PARAMETER Probe
    Only report whether the step is done ({done, detail}); change nothing.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][string]$Certificate, [Parameter(Mandatory = $true)][string[]]$HostNames, [string]$CertificatePassword = '', [switch]$Probe)
$secure = ConvertTo-SecureString $CertificatePassword -AsPlainText -Force
$CertificatePassword = $null
$pfx = Get-PfxData -FilePath (Resolve-Path -LiteralPath $Certificate).ProviderPath -Password $secure
$names = @($pfx.EndEntityCertificates[0].DnsNameList | ForEach-Object { [string]$_.Unicode })
$absent = @($HostNames | Where-Object { $names -notcontains $_ })
if ($Probe) { return @{ done = ($absent.Count -eq 0); detail = "it covers $($names -join ', ')" } }
if ($absent.Count) { throw "The certificate $Certificate does not cover $($absent -join ', ') (it covers $($names -join ', ')): get one that does before deploying." }
@{ names = @($names) }
