<#
.SYNOPSIS
    Helpers the group scripts dot-source: exactly one distribution group from what a person typed
    (name, alias, display name or address, compared exactly), and a member list as plain data.
#>

. (Join-Path $PSScriptRoot '../common/exchange-helpers.ps1')

function Test-ChatOpsGroupName($Group, [string]$Identity) {
    $names = @($Group.Name, $Group.Alias, $Group.DisplayName, $Group.PrimarySmtpAddress)
    foreach ($address in @($Group.EmailAddresses)) { $names += ([string]$address -replace '^(?i)smtp:', '') }
    foreach ($n in $names) { if ($n -and ([string]$n -eq $Identity)) { return $true } }
    return $false
}

function Find-ChatOpsGroup([string]$Identity) {
    return @(Get-DistributionGroup -ResultSize Unlimited | Where-Object { Test-ChatOpsGroupName $_ $Identity })
}

function Resolve-ChatOpsGroup([string]$Identity) {
    $hits = @(Find-ChatOpsGroup $Identity)
    if ($hits.Count -eq 0) { throw "No distribution group is named $Identity (by name, alias or address)." }
    if ($hits.Count -gt 1) { throw "$Identity matches several groups: $(($hits | ForEach-Object { "$($_.Name) <$($_.PrimarySmtpAddress)>" }) -join ', '). Name one by its address." }
    return $hits[0]
}

function Get-ChatOpsGroupMembers($Group) {
    return @(Get-DistributionGroupMember -Identity ([string]$Group.Guid) -ResultSize Unlimited | ForEach-Object { @{ Name = [string]$_.Name; PrimarySmtpAddress = [string]$_.PrimarySmtpAddress; Guid = [string]$_.Guid } })
}
