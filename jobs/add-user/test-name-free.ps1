<#
.SYNOPSIS
    Fails unless no recipient uses the alias and no account uses the name or logon name.
.DESCRIPTION
    Identities are passed as -Identity values (data), never in an OPATH -Filter string.
    Exact comparisons only: Exchange's -Identity also accepts wildcards, so every hit is re-checked.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidateLength(1, 64)][string]$Name,
    [Parameter(Mandatory = $true)][ValidateLength(1, 64)][string]$Alias,
    [Parameter(Mandatory = $true)][ValidateLength(1, 20)][string]$SamAccountName
)
$recipient = @(Get-Recipient -Identity $Alias -ErrorAction SilentlyContinue | Where-Object { $_.Alias -eq $Alias })
if ($recipient.Count -gt 0) {
    throw "The alias $Alias is already used by $($recipient[0].Name) <$($recipient[0].PrimarySmtpAddress)>. Choose another name."
}
foreach ($id in @($Name, $SamAccountName)) {
    $user = @(Get-User -Identity $id -ErrorAction SilentlyContinue | Where-Object { $_.Name -eq $id -or $_.SamAccountName -eq $id })
    if ($user.Count -gt 0) {
        throw "An account named $id exists already ($($user[0].UserPrincipalName)). Choose another name."
    }
}
@{ free = $true }
