<#
.SYNOPSIS
    Creates a shared mailbox (New-Mailbox -Shared: its account is disabled) and gives each member
    Full Access and Send As; members who have them already are left as they are.
.PARAMETER Name
    The shared mailbox's name.
.PARAMETER Alias
    Its alias (the address follows the address policy).
.PARAMETER Members
    Mailboxes that get Full Access and Send As, as a person typed them; matched exactly.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidateLength(1, 64)][string]$Name,
    [Parameter(Mandatory = $true)][ValidateLength(1, 64)][string]$Alias,
    [string[]]$Members = @()
)
. (Join-Path $PSScriptRoot 'rights-helpers.ps1')
$users = @()
foreach ($member in @($Members | Where-Object { $_ })) { $users += Resolve-ChatOpsMailbox $member }
$existing = @(Get-Mailbox -ResultSize Unlimited | Where-Object { (Test-ChatOpsIdentity $_ $Alias) -or (Test-ChatOpsIdentity $_ $Name) })
if ($existing.Count -gt 0) {
    $m = $existing[0]
    if ([string]$m.RecipientTypeDetails -ne 'SharedMailbox' -or [string]$m.Name -ne $Name) { throw "The name $Name is taken by $($m.Name) <$($m.PrimarySmtpAddress)>." }
} else {
    $m = New-Mailbox -Shared -Name $Name -Alias $Alias -DisplayName $Name
}
$granted = @()
foreach ($u in $users) {
    foreach ($right in @('full-access', 'send-as')) { if (-not (Test-ChatOpsHasRight $m $u $right)) { Set-ChatOpsRight $m $u $right $false } }
    $granted += [string]$u.Name
}
@{ Name = [string]$m.Name; PrimarySmtpAddress = [string]$m.PrimarySmtpAddress; Members = @($granted) }
