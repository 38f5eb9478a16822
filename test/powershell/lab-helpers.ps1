<#
.SYNOPSIS
    Test helper: changes the lab the way a person would outside the bot (an account made in the
    Dashboard, a mailbox that filled up, an account added to Domain Admins).
.PARAMETER Action
    What to change: NewAccount, FillMailbox, Protect, StopService or StartService.
.PARAMETER Name
    The account, mailbox or service to change.
.PARAMETER Bytes
    FillMailbox: the mailbox size to reach, in bytes.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidateSet('NewAccount', 'FillMailbox', 'Protect', 'StopService', 'StartService')][string]$Action,
    [Parameter(Mandatory = $true)][string]$Name,
    [long]$Bytes = 0
)
if ($Action -eq 'NewAccount') {
    New-ADUser -Name $Name -SamAccountName $Name -AccountPassword (ConvertTo-SecureString 'Dashb0ard!pass' -AsPlainText -Force)
    return @{ ok = $true }
}
$dir = (Get-Module ExchangeLab).Invoke({ $script:LabDir })
if ($Action -eq 'StopService' -or $Action -eq 'StartService') {
    $path = Join-Path $dir 'EXCH.json'
    $state = Get-Content -Raw $path | ConvertFrom-Json
    foreach ($svc in $state.services) { if ($svc.Name -eq $Name) { if ($Action -eq 'StopService') { $svc.Status = 'Stopped' } else { $svc.Status = 'Running' } } }
    Set-Content -Path $path -Value ($state | ConvertTo-Json -Depth 10)
} elseif ($Action -eq 'FillMailbox') {
    $path = Join-Path $dir 'EXCH.json'
    $state = Get-Content -Raw $path | ConvertFrom-Json
    foreach ($m in $state.mailboxes) { if ($m.Alias -eq $Name) { $m.TotalItemSizeBytes = $Bytes; $m.WhenCreated = (Get-Date).ToUniversalTime().ToString('o') } }
    Set-Content -Path $path -Value ($state | ConvertTo-Json -Depth 10)
} else {
    $path = Join-Path $dir 'WSE.json'
    $state = Get-Content -Raw $path | ConvertFrom-Json
    foreach ($u in $state.adUsers) { if ($u.SamAccountName -eq $Name) { $u.adminCount = 1; $u.InheritanceDisabled = $true; $u.MemberOf = @('Domain Admins') } }
    Set-Content -Path $path -Value ($state | ConvertTo-Json -Depth 10)
}
@{ ok = $true }
