<#
.SYNOPSIS
    Probe: is there a shared mailbox of that name whose members all have Full Access and Send As?
    Read-only.
.PARAMETER Name
    The shared mailbox's name.
.PARAMETER Alias
    Its alias.
.PARAMETER Members
    Mailboxes that should have Full Access and Send As.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidateLength(1, 64)][string]$Name,
    [Parameter(Mandatory = $true)][ValidateLength(1, 64)][string]$Alias,
    [string[]]$Members = @()
)
. (Join-Path $PSScriptRoot 'rights-helpers.ps1')
$existing = @(Get-Mailbox -ResultSize Unlimited | Where-Object { (Test-ChatOpsIdentity $_ $Alias) -and [string]$_.Name -eq $Name -and [string]$_.RecipientTypeDetails -eq 'SharedMailbox' })
if ($existing.Count -eq 0) { return @{ done = $false } }
foreach ($member in @($Members | Where-Object { $_ })) {
    $u = Resolve-ChatOpsMailbox $member
    foreach ($right in @('full-access', 'send-as')) { if (-not (Test-ChatOpsHasRight $existing[0] $u $right)) { return @{ done = $false } } }
}
@{ done = $true; detail = "$Name <$($existing[0].PrimarySmtpAddress)> exists" }
