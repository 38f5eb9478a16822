<#
.SYNOPSIS
    Test helper: on a deployed Exchange 2010 lab, what the 2013 form of Set-OutlookAnywhere, the 2010
    form, and a 2013-only cmdlet answer.
#>
[CmdletBinding()]
param()
$r = @{ build = [string](Get-ExchangeServer).AdminDisplayVersion }
& (Get-Module ExchangeLab) { Update-LabState 'EXCH' { param($s) $s.outlookAnywhere = [ordered]@{ Enabled = $true; ExternalHostname = 'mail.contoso.com'; ClientAuthenticationMethod = 'Ntlm'; SSLOffloading = $true } } | Out-Null }
try { Set-OutlookAnywhere -Identity 'EXCH\Rpc (Default Web Site)' -ExternalClientAuthenticationMethod Basic -ExternalClientsRequireSsl $true; $r.set2013Form = 'ok' } catch { $r.set2013Form = $_.Exception.Message }
try { Set-OutlookAnywhere -Identity 'EXCH\Rpc (Default Web Site)' -ClientAuthenticationMethod Basic -SSLOffloading $false; $r.set2010Form = 'ok' } catch { $r.set2010Form = $_.Exception.Message }
try { Get-MapiVirtualDirectory -Server EXCH | Out-Null; $r.mapi = 'ok' } catch { $r.mapi = $_.Exception.Message }
$r
