<#
.SYNOPSIS
    D18: the guide's ActiveSync trouble: mailboxes of protected accounts (adminCount = 1 with
    inheritance off) fail to sync with HTTP 500. Reports them. Read-only.
.PARAMETER Probe
    Only report whether the step is done ({done, detail}); change nothing.
#>
[CmdletBinding()]
param([switch]$Probe)
$protected = @()
foreach ($m in @(Get-Mailbox -ResultSize Unlimited)) {
    try {
        $u = Get-ADUser -Identity ([string]$m.SamAccountName) -Properties adminCount, nTSecurityDescriptor
        if ([int]$u.adminCount -eq 1 -and [bool]$u.nTSecurityDescriptor.AreAccessRulesProtected) { $protected += [string]$m.Name }
    } catch { }
}
@{ done = $true; protected = @($protected); detail = 'checked' }
