<#
.SYNOPSIS
    Checks that the new user's name, alias and logon name are free. An AD account of that name
    without a mailbox (one made in the Dashboard) is fine: it will be mail-enabled.
.DESCRIPTION
    On a clash, fails with a free name to try instead. Every recipient and user is read once and
    compared exactly: no name goes to -Identity, where Exchange takes * as a wildcard and answers an
    ambiguous name with "matches multiple entries" (which, silenced, would read as "free"); never
    an OPATH -Filter built from user text either.
.PARAMETER Name
    The display name (one word).
.PARAMETER Alias
    The Exchange alias (already checked against Exchange’s alias rules).
.PARAMETER SamAccountName
    The pre-Windows 2000 logon name (at most 20 characters).
.PARAMETER LastName
    The last name (optional).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidateLength(1, 64)][string]$Name,
    [Parameter(Mandatory = $true)][ValidateLength(1, 64)][string]$Alias,
    [Parameter(Mandatory = $true)][ValidateLength(1, 20)][string]$SamAccountName,
    [string]$LastName = ''
)
$recipients = @(Get-Recipient -ResultSize Unlimited -ErrorAction Stop)
$users = @(Get-User -ResultSize Unlimited -ErrorAction Stop)
function Get-Taken([string]$CandidateName, [string]$CandidateAlias, [string]$CandidateSam) {
    $recipient = @($recipients | Where-Object { [string]::Equals([string]$_.Alias, $CandidateAlias, [System.StringComparison]::OrdinalIgnoreCase) })
    if ($recipient.Count -gt 0) { return "the alias $CandidateAlias is already used by $($recipient[0].Name) <$($recipient[0].PrimarySmtpAddress)>" }
    $named = @($users | Where-Object { [string]::Equals([string]$_.Name, $CandidateName, [System.StringComparison]::OrdinalIgnoreCase) })
    if ($named.Count -gt 0 -and $named[0].RecipientType -ne 'User') { return "$CandidateName already has a mailbox ($($named[0].UserPrincipalName))" }
    $logon = @($users | Where-Object { [string]::Equals([string]$_.SamAccountName, $CandidateSam, [System.StringComparison]::OrdinalIgnoreCase) })
    # The account of that name (made in the Dashboard) may hold the logon name: it is the one mail-enabled.
    if ($logon.Count -gt 0 -and $logon[0].Name -ne $CandidateName) { return "the logon name $CandidateSam belongs to $($logon[0].Name)" }
    return $null
}
$taken = Get-Taken $Name $Alias $SamAccountName
if ($taken) {
    $tries = @()
    if ($LastName) { $tries += ($Name + $LastName.Substring(0, 1)) }
    foreach ($n in 2..9) { $tries += ($Name + $n) }
    $free = $null
    foreach ($try in $tries) {
        $tryAlias = $Alias + $try.Substring($Name.Length)
        if ($tryAlias.Length -le 64 -and -not (Get-Taken $try $tryAlias ($tryAlias.Substring(0, [Math]::Min(20, $tryAlias.Length))))) { $free = $try; break }
    }
    $hint = ''
    if ($free) { $hint = " $free is free: try add-user $free." }
    throw ("Cannot add " + $Name + ": " + $taken + "." + $hint)
}
$existing = @($users | Where-Object { [string]::Equals([string]$_.Name, $Name, [System.StringComparison]::OrdinalIgnoreCase) -and $_.RecipientType -eq 'User' })
if ($existing.Count -gt 0) {
    return @{ free = $true; existingAccount = [string]$existing[0].SamAccountName; upn = [string]$existing[0].UserPrincipalName }
}
@{ free = $true }
