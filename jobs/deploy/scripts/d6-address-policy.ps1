<#
.SYNOPSIS
    D6: an e-mail address policy %m@<domain> for all recipients, applied (Update-EmailAddressPolicy:
    a new policy is not applied to existing recipients otherwise).
.PARAMETER Domain
    The public e-mail domain, e.g. contoso.com.
.PARAMETER Probe
    Only report whether the step is done ({done, detail}); change nothing.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][string]$Domain, [switch]$Probe)
$template = "SMTP:%m@$Domain"
$policy = @(Get-EmailAddressPolicy | Where-Object { [string]$_.EnabledPrimarySMTPAddressTemplate -eq $template })
$done = $policy.Count -gt 0 -and $policy[0].Applied -ne $false
if ($Probe) { return @{ done = $done; detail = "the policy $template is applied" } }
if ($policy.Count -eq 0) { New-EmailAddressPolicy -Name $Domain -IncludedRecipients AllRecipients -EnabledPrimarySMTPAddressTemplate $template -Priority 1; $policy = @(Get-EmailAddressPolicy | Where-Object { [string]$_.EnabledPrimarySMTPAddressTemplate -eq $template }) }
Update-EmailAddressPolicy -Identity ([string]$policy[0].Name)
@{ policy = [string]$policy[0].Name }
