<#
.SYNOPSIS
    Who has what on a mailbox: Full Access, Send As and Send on Behalf (explicit rights). Read-only.
.PARAMETER Mailbox
    The mailbox, as a person typed it; matched exactly.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][ValidateLength(1, 256)][string]$Mailbox)
. (Join-Path $PSScriptRoot 'rights-helpers.ps1')
$m = Resolve-ChatOpsMailbox $Mailbox
$rights = Get-ChatOpsMailboxRights $m
@{ Name = [string]$m.Name; PrimarySmtpAddress = [string]$m.PrimarySmtpAddress; RecipientTypeDetails = [string]$m.RecipientTypeDetails
   FullAccess = @($rights.FullAccess); SendAs = @($rights.SendAs); SendOnBehalf = @($rights.SendOnBehalf) }
