<#
.SYNOPSIS
    Test helper: calls the lab's Set-Mailbox with a quota as given, to see how "Exchange" answers.
.PARAMETER Identity
    The user as the requester named them (alias, name, sign-in name or address), compared exactly.
.PARAMETER ProhibitSendReceiveQuota
    The hard limit (bytes, or Unlimited).
#>
[CmdletBinding()]
param([string]$Identity, [string]$ProhibitSendReceiveQuota)
Set-Mailbox -Identity $Identity -ProhibitSendReceiveQuota $ProhibitSendReceiveQuota
