<#
.SYNOPSIS
    D5: the mail domain as an authoritative accepted domain, made the default.
.PARAMETER Domain
    The public e-mail domain, e.g. contoso.com.
.PARAMETER Probe
    Only report whether the step is done ({done, detail}); change nothing.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][string]$Domain, [switch]$Probe)
$existing = @(Get-AcceptedDomain | Where-Object { [string]$_.DomainName -eq $Domain })
$done = $existing.Count -gt 0 -and [bool]$existing[0].Default
if ($Probe) { return @{ done = $done; detail = "$Domain is the default accepted domain" } }
if ($existing.Count -eq 0) { New-AcceptedDomain -Name $Domain -DomainName $Domain -DomainType Authoritative }
if (-not $done) { Set-AcceptedDomain -Identity $Domain -MakeDefault $true }
@{ domain = $Domain }
