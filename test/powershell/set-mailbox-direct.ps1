<#
.SYNOPSIS
    Test helper: calls the lab's Set-Mailbox with a quota as given, to see how "Exchange" answers.
#>
[CmdletBinding()]
param([string]$Identity, [string]$ProhibitSendReceiveQuota)
Set-Mailbox -Identity $Identity -ProhibitSendReceiveQuota $ProhibitSendReceiveQuota
