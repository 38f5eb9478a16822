<#
.SYNOPSIS
    Sets the account's initial password (the one sent privately to the requester).
.DESCRIPTION
    The account is named by its objectGUID, the one the job's create step recorded: never by a name,
    which another account could hold by now.
.PARAMETER Password
    Made on the worker for this run only; it arrives as data and is turned into a SecureString at once.
.PARAMETER Guid
    The objectGUID of the account this job created (or mail-enabled).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidatePattern('^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$')][string]$Guid,
    [Parameter(Mandatory = $true)][string]$Password
)
$secure = ConvertTo-SecureString $Password -AsPlainText -Force
$Password = $null
$mailbox = Get-Mailbox -Identity $Guid -ErrorAction Stop
if ([string]$mailbox.Guid -ne $Guid) { throw "The mailbox found for $Guid is another one ($($mailbox.Guid)): nothing was changed." }
Set-ADAccountPassword -Identity $Guid -Reset -NewPassword $secure
@{ PrimarySmtpAddress = [string]$mailbox.PrimarySmtpAddress; UserPrincipalName = [string]$mailbox.UserPrincipalName }
