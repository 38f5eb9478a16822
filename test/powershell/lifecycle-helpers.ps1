<#
.SYNOPSIS
    Test helper: sets the lab up the way a person would outside the bot (a mailbox, an account
    locked out by wrong passwords, group memberships, mail arriving, the export role).
.PARAMETER Action
    Mailbox, Lock, JoinGroup, DistributionGroup, Mail or GrantExportRole.
.PARAMETER Name
    The mailbox or account (or group, for DistributionGroup).
.PARAMETER Group
    The group to join (JoinGroup), or the members of a new distribution group (comma-separated).
.PARAMETER From
    Mail: the sender's address.
.PARAMETER Subject
    Mail: the subject.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidateSet('Mailbox', 'Lock', 'JoinGroup', 'DistributionGroup', 'Mail', 'GrantExportRole')][string]$Action,
    [Parameter(Mandatory = $true)][string]$Name,
    [string]$Group = '',
    [string]$From = '',
    [string]$Subject = ''
)
switch ($Action) {
    'Mailbox' {
        New-Mailbox -Name $Name -Password (ConvertTo-SecureString 'Lab!Passw0rd' -AsPlainText -Force) -UserPrincipalName ($Name + '@contoso.local') | Out-Null
    }
    'Lock' {
        $dir = (Get-Module ExchangeLab).Invoke({ $script:LabDir })
        $path = Join-Path $dir 'WSE.json'
        $state = Get-Content -Raw $path | ConvertFrom-Json
        foreach ($u in $state.adUsers) { if ($u.SamAccountName -eq $Name) { $u | Add-Member -NotePropertyName LockedOut -NotePropertyValue $true -Force } }
        Set-Content -Path $path -Value ($state | ConvertTo-Json -Depth 10)
    }
    'JoinGroup' { Add-ADGroupMember -Identity $Group -Members $Name }
    'DistributionGroup' { New-DistributionGroup -Name $Name -Members ($Group -split ',') | Out-Null }
    'Mail' { Send-MailMessage -From $From -To $Name -Subject $Subject }
    'GrantExportRole' { New-ManagementRoleAssignment -Role 'Mailbox Import Export' -User $Name }
}
@{ ok = $true }
