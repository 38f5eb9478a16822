<#
.SYNOPSIS
    The end of the guide: OWA answers from outside at https://<mail host>/owa. Read-only.
.PARAMETER MailHost
    The public mail host name, e.g. mail.contoso.com.
.PARAMETER Probe
    Only report whether the step is done ({done, detail}); change nothing.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][string]$MailHost, [switch]$Probe)
$answer = $null
try { $answer = Invoke-WebRequest -Uri "https://$MailHost/owa" -UseBasicParsing -TimeoutSec 15 } catch { if (-not $Probe) { throw "OWA does not answer at https://$MailHost/owa: $($_.Exception.Message)" } }
@{ done = ($null -ne $answer -and $answer.StatusCode -eq 200); detail = "https://$MailHost/owa answers" }
