<#
.SYNOPSIS
    Helpers the job scripts dot-source: finding exactly one mailbox from what a person typed, and
    reading Exchange's sizes.
.DESCRIPTION
    Names are compared exactly (case-insensitive) against alias, name, display name, sign-in name,
    every address and the objectGUID (what a job's create step recorded); never through -Identity
    wildcards or an OPATH -Filter built from user text.
#>

function Test-ChatOpsIdentity($Mailbox, [string]$Identity) {
    $names = @($Mailbox.Alias, $Mailbox.Name, $Mailbox.DisplayName, $Mailbox.UserPrincipalName, $Mailbox.SamAccountName, $Mailbox.PrimarySmtpAddress, [string]$Mailbox.Guid)
    foreach ($address in @($Mailbox.EmailAddresses)) { $names += ([string]$address -replace '^(?i)smtp:', '') }
    foreach ($n in $names) { if ($n -and ([string]$n -eq $Identity)) { return $true } }
    return $false
}

function Resolve-ChatOpsMailbox {
    <# Exactly one mailbox, or an error that lists the candidates. #>
    param([Parameter(Mandatory = $true)][string]$Identity)
    $hits = @(Get-Mailbox -ResultSize Unlimited | Where-Object { Test-ChatOpsIdentity $_ $Identity })
    if ($hits.Count -eq 0) { throw "No mailbox is named $Identity (by alias, name, sign-in name or address)." }
    if ($hits.Count -gt 1) {
        $names = ($hits | ForEach-Object { "$($_.Name) <$($_.PrimarySmtpAddress)>" }) -join ', '
        throw "$Identity matches several mailboxes: $names. Name one by its address."
    }
    return $hits[0]
}

function ConvertTo-ChatOpsBytes($Value) {
    <# "2 GB (2,147,483,648 bytes)" -> 2147483648; "Unlimited" -> $null. Same for live and remote objects. #>
    $text = [string]$Value
    if (-not $text -or $text -eq 'Unlimited') { return $null }
    $m = [regex]::Match($text, '\(([0-9,.\s]+) bytes\)')
    if ($m.Success) { return [long]($m.Groups[1].Value -replace '[^0-9]', '') }
    return $null
}
