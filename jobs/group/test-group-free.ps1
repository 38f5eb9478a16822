<#
.SYNOPSIS
    Checks that no group or mailbox has the new group's name or alias, and that every member named
    is exactly one mailbox. Read-only.
.PARAMETER Name
    The new group's name.
.PARAMETER Alias
    The new group's alias.
.PARAMETER Members
    Mailboxes to put in it, as a person typed them.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidateLength(1, 64)][string]$Name,
    [Parameter(Mandatory = $true)][ValidateLength(1, 64)][string]$Alias,
    [string[]]$Members = @()
)
. (Join-Path $PSScriptRoot 'group-helpers.ps1')
foreach ($taken in @(@(Find-ChatOpsGroup $Name) + @(Find-ChatOpsGroup $Alias))) { throw "A group named $Name already exists: $($taken.Name) <$($taken.PrimarySmtpAddress)>." }
foreach ($m in @(Get-Mailbox -ResultSize Unlimited | Where-Object { (Test-ChatOpsIdentity $_ $Name) -or (Test-ChatOpsIdentity $_ $Alias) })) { throw "The name $Name is used by the mailbox $($m.Name) <$($m.PrimarySmtpAddress)>." }
$resolved = @()
foreach ($member in @($Members | Where-Object { $_ })) { $resolved += [string](Resolve-ChatOpsMailbox $member).Name }
@{ free = $true; Members = @($resolved) }
