<#
.SYNOPSIS
    The lab's Exchange RBAC: management roles (built-in and custom), role entries, scopes, role groups.
.DESCRIPTION
    Dot-sourced by ExchangeLab.psm1. The cmdlets grant-bot-rights.ps1 uses, with Exchange's names
    and parameters: Get-/New-ManagementRole (-Parent copies the parent's entries),
    Get-/Remove-/Set-ManagementRoleEntry (-Parameters ... -RemoveParameter / -AddParameter),
    Get-/New-ManagementScope, Get-/New-RoleGroup, Get-/New-ManagementRoleAssignment,
    Get-/Add-RoleGroupMember. State: LAB_DIR/rbac.json. A built-in role holds the lab's Exchange
    cmdlets that Exchange puts in it, each with every parameter the lab's function takes.

    With LAB_ENFORCE_RBAC=true, Enable-LabRbacEnforcement (called by lab-prelude.ps1 on EXCH) puts a
    wrapper in front of every Exchange cmdlet of the lab: a cmdlet that no role of the role group
    LAB_RBAC_ROLE_GROUP ("ChatOps Bot") holds is not there, as in an Exchange session ("The term ...
    is not recognized"), and a parameter its role entry lacks cannot be found.
#>

$script:LabBuiltInRoles = [ordered]@{
    'Mail Recipient Creation' = @('New-Mailbox', 'Enable-Mailbox', 'Remove-Mailbox', 'Get-Mailbox', 'Get-Recipient', 'Get-User')
    'Mail Recipients'         = @('Set-Mailbox', 'Disable-Mailbox', 'Get-Mailbox', 'Get-Recipient', 'Get-User', 'Get-MailboxStatistics', 'Get-MailboxPermission', 'Add-MailboxPermission', 'Remove-MailboxPermission', 'Get-MailboxAutoReplyConfiguration', 'Set-MailboxAutoReplyConfiguration')
    'Distribution Groups'     = @('New-DistributionGroup', 'Get-DistributionGroup', 'Get-DistributionGroupMember', 'Add-DistributionGroupMember', 'Remove-DistributionGroupMember', 'Get-Recipient')
    'Message Tracking'        = @('Get-MessageTrackingLog')
    'Mailbox Import Export'   = @('New-MailboxExportRequest', 'Get-MailboxExportRequest')
    'Active Directory Permissions' = @('Get-ADPermission', 'Add-ADPermission', 'Remove-ADPermission')
    'View-Only Recipients'    = @('Get-Mailbox', 'Get-Recipient', 'Get-User', 'Get-MailboxStatistics')
    'View-Only Configuration' = @('Get-AuthConfig', 'Get-MapiVirtualDirectory', 'Get-RoleGroup', 'Get-RoleGroupMember', 'Get-MailboxDatabase', 'Get-Queue', 'Get-ExchangeServer', 'Get-AcceptedDomain', 'Get-EmailAddressPolicy', 'Get-OwaVirtualDirectory', 'Get-EcpVirtualDirectory', 'Get-ActiveSyncVirtualDirectory', 'Get-OabVirtualDirectory', 'Get-WebServicesVirtualDirectory', 'Get-OutlookAnywhere', 'Get-ReceiveConnector', 'Get-SendConnector', 'Get-ExchangeCertificate')
    # Microsoft's built-in roles of the deployment's cmdlets (granted through the Organization
    # Management role group for a deployment; there is no management role of that name).
    'Remote and Accepted Domains' = @('New-AcceptedDomain', 'Set-AcceptedDomain')
    'E-Mail Address Policies' = @('New-EmailAddressPolicy', 'Update-EmailAddressPolicy')
    'Exchange Virtual Directories' = @('Set-OwaVirtualDirectory', 'Set-EcpVirtualDirectory', 'Set-ActiveSyncVirtualDirectory', 'Set-OabVirtualDirectory', 'Set-WebServicesVirtualDirectory', 'Set-MapiVirtualDirectory', 'Set-OutlookAnywhere', 'Enable-OutlookAnywhere')
    'Receive Connectors' = @('New-ReceiveConnector', 'Set-ReceiveConnector')
    'Send Connectors' = @('New-SendConnector')
    'Exchange Server Certificates' = @('Get-ExchangeCertificate', 'New-ExchangeCertificate', 'Import-ExchangeCertificate', 'Enable-ExchangeCertificate')
}
$script:LabCommonParameters = @('Verbose', 'Debug', 'ErrorAction', 'WarningAction', 'InformationAction', 'ErrorVariable', 'WarningVariable', 'InformationVariable', 'OutVariable', 'OutBuffer', 'PipelineVariable', 'ProgressAction', 'WhatIf', 'Confirm')

function Get-LabRbacPath { Join-Path $script:LabDir 'rbac.json' }

function Get-LabCmdletParameters([string]$Cmdlet) {
    $command = Get-Command -Name $Cmdlet -CommandType Function -Module ExchangeLab -ErrorAction SilentlyContinue
    if (-not $command) { return @() }
    $names = @($command.Parameters.Keys | Where-Object { $script:LabCommonParameters -notcontains $_ })
    return @($names + @('Confirm', 'WhatIf', 'ErrorAction', 'ErrorVariable', 'WarningAction', 'WarningVariable', 'OutVariable', 'OutBuffer', 'Verbose', 'Debug') | Sort-Object -Unique)
}

$script:LabRbacCache = $null

function Read-LabRbac {
    # Readers share one parsed copy while the file is unchanged (every enforced call reads it);
    # Update-LabRbac reads afresh, as it changes what it reads.
    param([switch]$Fresh)
    $path = Get-LabRbacPath
    $file = New-Object System.IO.FileInfo($path)
    if ($file.Exists) {
        $stamp = [string]$file.LastWriteTimeUtc.Ticks + ':' + [string]$file.Length + ':' + $path
        if (-not $Fresh -and $null -ne $script:LabRbacCache -and $script:LabRbacCache.stamp -eq $stamp) { return $script:LabRbacCache.table }
        $table = ConvertTo-LabRbacTable (ConvertFrom-Json -InputObject ([System.IO.File]::ReadAllText($path)))
        if (-not $Fresh) { $script:LabRbacCache = @{ stamp = $stamp; table = $table } }
        return $table
    }
    $roles = [ordered]@{}
    foreach ($parent in $script:LabBuiltInRoles.Keys) {
        $entries = [ordered]@{}
        foreach ($cmdlet in $script:LabBuiltInRoles[$parent]) { $entries[$cmdlet] = @(Get-LabCmdletParameters $cmdlet) }
        $roles[$parent] = @{ builtIn = $true; parent = ''; entries = $entries }
    }
    return @{ roles = $roles; scopes = @{}; groups = @{} }
}

function ConvertTo-LabRbacTable($Value) {
    # PSCustomObject from JSON -> nested hashtables (5.1's ConvertFrom-Json makes only objects).
    if ($null -eq $Value) { return $null }
    if ($Value -is [System.Management.Automation.PSCustomObject]) {
        $table = [ordered]@{}
        foreach ($p in $Value.PSObject.Properties) { $table[$p.Name] = ConvertTo-LabRbacTable $p.Value }
        return $table
    }
    if ($Value -is [System.Array]) {
        $items = @()
        foreach ($i in $Value) { $items += , (ConvertTo-LabRbacTable $i) }
        return , $items
    }
    return $Value
}

function Update-LabRbac([scriptblock]$Change) {
    return (Invoke-LabLocked 'EXCH' {
            $rbac = Read-LabRbac -Fresh
            $result = & $Change $rbac
            $path = Get-LabRbacPath
            $temp = $path + '.' + [System.Guid]::NewGuid().ToString('N') + '.tmp'
            [System.IO.File]::WriteAllText($temp, (ConvertTo-Json -InputObject $rbac -Depth 8), (New-Object System.Text.UTF8Encoding($false)))
            Move-LabFileInto $temp $path
            $result
        })
}

function Split-LabRoleEntryIdentity([string]$Identity) {
    $at = $Identity.LastIndexOf('\')
    if ($at -lt 1) { throw (New-LabErrorRecord "The role entry identity '$Identity' is not valid: use Role\Cmdlet." ([System.Management.Automation.ErrorCategory]::InvalidArgument) 'InvalidRoleEntryIdentity' $Identity) }
    return @($Identity.Substring(0, $at), $Identity.Substring($at + 1))
}

function New-LabRbacNotFound([string]$What, [string]$Identity, [string]$Cmdlet) {
    return (New-LabErrorRecord "The operation couldn't be performed because object '$Identity' couldn't be found on 'WSE.contoso.local'." ([System.Management.Automation.ErrorCategory]::NotSpecified) ("[Server=EXCH],Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException,$Cmdlet") $Identity)
}

function Get-ManagementRole {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string]$Identity = '*')
    $rbac = Read-LabRbac
    $found = @($rbac.roles.Keys | Where-Object { $_ -like $Identity })
    if (-not $found.Count) { $PSCmdlet.WriteError((New-LabRbacNotFound 'role' $Identity 'Get-ManagementRole')); return }
    foreach ($name in $found) { [pscustomobject]@{ Name = $name; Identity = $name; Parent = $rbac.roles[$name].parent; IsRootRole = [bool]$rbac.roles[$name].builtIn } }
}

function New-ManagementRole {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([Parameter(Mandatory = $true)][string]$Name, [Parameter(Mandatory = $true)][string]$Parent)
    Assert-LabReachable 'EXCH'
    $role = Update-LabRbac {
        $rbac = $args[0]
        if ($rbac.roles.Contains($Name)) { throw (New-LabErrorRecord "The role '$Name' already exists." ([System.Management.Automation.ErrorCategory]::NotSpecified) 'ADObjectAlreadyExistsException,New-ManagementRole' $Name) }
        if (-not $rbac.roles.Contains($Parent)) { throw (New-LabRbacNotFound 'role' $Parent 'New-ManagementRole') }
        $entries = [ordered]@{}
        foreach ($cmdlet in $rbac.roles[$Parent].entries.Keys) { $entries[$cmdlet] = @($rbac.roles[$Parent].entries[$cmdlet]) }
        $rbac.roles[$Name] = @{ builtIn = $false; parent = $Parent; entries = $entries }
        [pscustomobject]@{ Name = $Name; Parent = $Parent }
    }
    Write-LabCall 'New-ManagementRole' @{ Name = $Name; Parent = $Parent }
    $role
}

function Get-ManagementRoleEntry {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Identity)
    $roleName, $cmdlet = Split-LabRoleEntryIdentity $Identity
    $rbac = Read-LabRbac
    $out = @()
    foreach ($name in @($rbac.roles.Keys | Where-Object { $_ -like $roleName })) {
        foreach ($entry in @($rbac.roles[$name].entries.Keys | Where-Object { $_ -like $cmdlet })) {
            $out += [pscustomobject]@{ Name = $entry; Role = $name; Identity = ($name + '\' + $entry); Parameters = @($rbac.roles[$name].entries[$entry]) }
        }
    }
    if (-not $out.Count -and -not ($Identity.Contains('*'))) { $PSCmdlet.WriteError((New-LabRbacNotFound 'entry' $Identity 'Get-ManagementRoleEntry')); return }
    $out
}

function Remove-ManagementRoleEntry {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Identity)
    $roleName, $cmdlet = Split-LabRoleEntryIdentity $Identity
    Update-LabRbac {
        $rbac = $args[0]
        if (-not $rbac.roles.Contains($roleName) -or -not $rbac.roles[$roleName].entries.Contains($cmdlet)) { throw (New-LabRbacNotFound 'entry' $Identity 'Remove-ManagementRoleEntry') }
        if ($rbac.roles[$roleName].builtIn) { throw (New-LabErrorRecord "Built-in role entries can't be removed: '$Identity'." ([System.Management.Automation.ErrorCategory]::InvalidOperation) 'InvalidOperationException,Remove-ManagementRoleEntry' $Identity) }
        $rbac.roles[$roleName].entries.Remove($cmdlet)
    } | Out-Null
    Write-LabCall 'Remove-ManagementRoleEntry' @{ Identity = $Identity }
}

function Set-ManagementRoleEntry {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0)][string]$Identity,
        [Parameter(Mandatory = $true)][string[]]$Parameters,
        [switch]$RemoveParameter,
        [switch]$AddParameter
    )
    $roleName, $cmdlet = Split-LabRoleEntryIdentity $Identity
    Update-LabRbac {
        $rbac = $args[0]
        if (-not $rbac.roles.Contains($roleName) -or -not $rbac.roles[$roleName].entries.Contains($cmdlet)) { throw (New-LabRbacNotFound 'entry' $Identity 'Set-ManagementRoleEntry') }
        $role = $rbac.roles[$roleName]
        if ($role.builtIn) { throw (New-LabErrorRecord "Built-in role entries can't be changed: '$Identity'." ([System.Management.Automation.ErrorCategory]::InvalidOperation) 'InvalidOperationException,Set-ManagementRoleEntry' $Identity) }
        $current = @($role.entries[$cmdlet])
        if ($RemoveParameter) {
            $role.entries[$cmdlet] = @($current | Where-Object { $Parameters -notcontains $_ })
        } elseif ($AddParameter) {
            $parent = @($rbac.roles[$role.parent].entries[$cmdlet])
            foreach ($p in $Parameters) { if ($parent -notcontains $p) { throw (New-LabErrorRecord "The parameter '$p' isn't in the parent role's entry $cmdlet." ([System.Management.Automation.ErrorCategory]::InvalidArgument) 'InvalidOperationException,Set-ManagementRoleEntry' $p) } }
            $role.entries[$cmdlet] = @(($current + $Parameters) | Sort-Object -Unique)
        } else {
            $role.entries[$cmdlet] = @($Parameters)
        }
    } | Out-Null
    Write-LabCall 'Set-ManagementRoleEntry' @{ Identity = $Identity; Parameters = $Parameters; RemoveParameter = [bool]$RemoveParameter; AddParameter = [bool]$AddParameter }
}

function Get-ManagementScope {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string]$Identity = '*')
    $rbac = Read-LabRbac
    $found = @($rbac.scopes.Keys | Where-Object { $_ -like $Identity })
    if (-not $found.Count) { $PSCmdlet.WriteError((New-LabRbacNotFound 'scope' $Identity 'Get-ManagementScope')); return }
    foreach ($name in $found) { [pscustomobject]@{ Name = $name; RecipientRoot = $rbac.scopes[$name].root; RecipientFilter = $rbac.scopes[$name].filter } }
}

function New-ManagementScope {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([Parameter(Mandatory = $true)][string]$Name, [Parameter(Mandatory = $true)][string]$RecipientRoot, [Parameter(Mandatory = $true)][string]$RecipientRestrictionFilter)
    Update-LabRbac {
        $rbac = $args[0]
        if ($rbac.scopes.Contains($Name)) { throw (New-LabErrorRecord "The scope '$Name' already exists." ([System.Management.Automation.ErrorCategory]::NotSpecified) 'ADObjectAlreadyExistsException,New-ManagementScope' $Name) }
        $rbac.scopes[$Name] = @{ root = $RecipientRoot; filter = $RecipientRestrictionFilter }
    } | Out-Null
    Write-LabCall 'New-ManagementScope' @{ Name = $Name; RecipientRoot = $RecipientRoot }
    [pscustomobject]@{ Name = $Name; RecipientRoot = $RecipientRoot }
}

function Get-RoleGroup {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string]$Identity = '*')
    $rbac = Read-LabRbac
    $found = @($rbac.groups.Keys | Where-Object { $_ -like $Identity })
    if (-not $found.Count) { $PSCmdlet.WriteError((New-LabRbacNotFound 'group' $Identity 'Get-RoleGroup')); return }
    foreach ($name in $found) { $g = $rbac.groups[$name]; [pscustomobject]@{ Name = $name; Roles = @($g.roles); Members = @($g.members); Description = $g.description } }
}

function New-RoleGroup {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([Parameter(Mandatory = $true)][string]$Name, [string[]]$Roles = @(), [string[]]$Members = @(), [string]$Description = '', [string]$CustomRecipientWriteScope = '')
    Update-LabRbac {
        $rbac = $args[0]
        if ($rbac.groups.Contains($Name)) { throw (New-LabErrorRecord "The role group '$Name' already exists." ([System.Management.Automation.ErrorCategory]::NotSpecified) 'ADObjectAlreadyExistsException,New-RoleGroup' $Name) }
        foreach ($r in $Roles) { if (-not $rbac.roles.Contains($r)) { throw (New-LabRbacNotFound 'role' $r 'New-RoleGroup') } }
        if ($CustomRecipientWriteScope -and -not $rbac.scopes.Contains($CustomRecipientWriteScope)) { throw (New-LabRbacNotFound 'scope' $CustomRecipientWriteScope 'New-RoleGroup') }
        $rbac.groups[$Name] = @{ roles = @($Roles); members = @($Members | ForEach-Object { ($_ -split '\\')[-1].TrimEnd('$') }); description = $Description; scope = $CustomRecipientWriteScope }
    } | Out-Null
    Write-LabCall 'New-RoleGroup' @{ Name = $Name; Roles = $Roles; Members = $Members; CustomRecipientWriteScope = $CustomRecipientWriteScope }
    [pscustomobject]@{ Name = $Name; Roles = $Roles }
}

function Get-ManagementRoleAssignment {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$RoleAssignee)
    $rbac = Read-LabRbac
    if (-not $rbac.groups.Contains($RoleAssignee)) { return }
    foreach ($r in @($rbac.groups[$RoleAssignee].roles)) { [pscustomobject]@{ Name = ($r + '-' + $RoleAssignee); Role = $r; RoleAssignee = $RoleAssignee } }
}

function New-ManagementRoleAssignment {
    # Two of Exchange's forms: a role for a role group (the grant script), or for one user (the
    # administrator granting Mailbox Import Export before a PST export).
    [CmdletBinding(SupportsShouldProcess = $true, DefaultParameterSetName = 'SecurityGroup')]
    param(
        [Parameter(Mandatory = $true)][string]$Role,
        [Parameter(Mandatory = $true, ParameterSetName = 'SecurityGroup')][string]$SecurityGroup,
        [Parameter(Mandatory = $true, ParameterSetName = 'User')][string]$User,
        [string]$CustomRecipientWriteScope = '',
        [string]$Name
    )
    if ($PSCmdlet.ParameterSetName -eq 'User') {
        Assert-LabExchange | Out-Null
        Update-LabState 'EXCH' {
            param($s)
            if (-not ($s.PSObject.Properties.Name -contains 'roleAssignments')) { Set-LabProperty $s 'roleAssignments' @() }
            $s.roleAssignments = @(@($s.roleAssignments | Where-Object { $_ }) + @([ordered]@{ Role = $Role; User = $User }))
        } | Out-Null
        Write-LabCall 'New-ManagementRoleAssignment' @{ Role = $Role; User = $User }
        return
    }
    Update-LabRbac {
        $rbac = $args[0]
        if (-not $rbac.roles.Contains($Role)) { throw (New-LabRbacNotFound 'role' $Role 'New-ManagementRoleAssignment') }
        if (-not $rbac.groups.Contains($SecurityGroup)) { throw (New-LabRbacNotFound 'group' $SecurityGroup 'New-ManagementRoleAssignment') }
        $rbac.groups[$SecurityGroup].roles = @(@($rbac.groups[$SecurityGroup].roles) + $Role | Sort-Object -Unique)
    } | Out-Null
    Write-LabCall 'New-ManagementRoleAssignment' @{ Role = $Role; SecurityGroup = $SecurityGroup }
}

function Remove-ManagementRoleAssignment {
    # The assignment names Get-ManagementRoleAssignment gives: <role>-<role group>.
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Identity)
    $removed = Update-LabRbac {
        $rbac = $args[0]
        foreach ($group in @($rbac.groups.Keys)) {
            foreach ($role in @($rbac.groups[$group].roles)) {
                if (($role + '-' + $group) -eq $Identity) {
                    $rbac.groups[$group].roles = @($rbac.groups[$group].roles | Where-Object { $_ -ne $role })
                    return $true
                }
            }
        }
        $false
    }
    if (-not $removed) { throw (New-LabRbacNotFound 'assignment' $Identity 'Remove-ManagementRoleAssignment') }
    Write-LabCall 'Remove-ManagementRoleAssignment' @{ Identity = $Identity }
}

function Get-RoleGroupMember {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Identity)
    $rbac = Read-LabRbac
    if (-not $rbac.groups.Contains($Identity)) { $PSCmdlet.WriteError((New-LabRbacNotFound 'group' $Identity 'Get-RoleGroupMember')); return }
    foreach ($m in @($rbac.groups[$Identity].members)) { [pscustomobject]@{ Name = $m } }
}

function Add-RoleGroupMember {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Identity, [Parameter(Mandatory = $true)][string]$Member)
    Update-LabRbac {
        $rbac = $args[0]
        if (-not $rbac.groups.Contains($Identity)) { throw (New-LabRbacNotFound 'group' $Identity 'Add-RoleGroupMember') }
        $rbac.groups[$Identity].members = @(@($rbac.groups[$Identity].members) + ($Member -split '\\')[-1].TrimEnd('$') | Sort-Object -Unique)
    } | Out-Null
    Write-LabCall 'Add-RoleGroupMember' @{ Identity = $Identity; Member = $Member }
}

function Get-LabUserRoles {
    # The roles assigned to the account this shell runs as, itself (not through a role group).
    $state = Read-LabState 'EXCH'
    if (-not ($state.PSObject.Properties.Name -contains 'roleAssignments')) { return @() }
    @($state.roleAssignments | Where-Object { $_ -and ([string]$_.User -split '\\')[-1].TrimEnd('$') -ieq $env:USERNAME } | ForEach-Object { [string]$_.Role })
}

function Test-LabRoleHeld([string]$BuiltInRole) {
    # Whether the account holds a built-in role, or a custom role derived from it: assigned to it, or
    # to a role group it is a member of.
    $rbac = Read-LabRbac
    $group = Get-LabRbacRoleGroup
    $roles = @(Get-LabUserRoles)
    if ($rbac.groups.Contains($group) -and (@($rbac.groups[$group].members) -contains $env:USERNAME)) { $roles += @($rbac.groups[$group].roles) }
    foreach ($role in $roles) {
        if ($role -eq $BuiltInRole) { return $true }
        if ($rbac.roles.Contains($role) -and [string]$rbac.roles[$role].parent -eq $BuiltInRole) { return $true }
    }
    return $false
}

function Get-LabRbacRoleGroup {
    $group = $env:LAB_RBAC_ROLE_GROUP
    if (-not $group) { $group = 'ChatOps Bot' }
    return $group
}

function Test-LabDeploymentRight([string]$Group) {
    # The account this shell runs as is a member of the AD group (read from AD: the WSE state), as
    # Exchange reads role-group membership from the user's token.
    $wse = Read-LabState 'WSE'
    $me = @($wse.adUsers | Where-Object { $_.SamAccountName -ieq $env:USERNAME })
    return ($me.Count -gt 0 -and @($me[0].MemberOf) -contains $Group)
}

function Initialize-LabRbac {
    <#
    .SYNOPSIS
        Under enforcement: this shell runs as the bot's service account, and the role group exists
        as scripts/windows/grant-bot-rights.ps1 -Part Exchange makes it (the generated script itself
        is run, once per lab, unless LAB_RBAC_GRANT=false), without entries in the calls log.
    .PARAMETER GrantPath
        scripts/windows/grant-bot-rights.ps1 (its text keys the copy kept of what it made).
    .PARAMETER Grant
        Runs the grant script (given by the prelude: a script block of the caller's, so the script
        runs outside this module's scopes, as an administrator's shell would run it).
    #>
    param([Parameter(Mandatory = $true)][string]$GrantPath, [Parameter(Mandatory = $true)][scriptblock]$Grant)
    $account = $env:LAB_RBAC_ACCOUNT
    if (-not $account) { $account = 'svc-chatops' }
    $env:USERNAME = $account
    if ($env:LAB_RBAC_GRANT -eq 'false') { return }
    $group = Get-LabRbacRoleGroup
    # Running the grant script takes some 20 s (longer on a loaded machine): others wait for it.
    Invoke-LabLocked 'RBAC' -WaitSeconds 180 -Action {
        $wse = Read-LabState 'WSE'
        if (-not @($wse.adUsers | Where-Object { $_.SamAccountName -ieq $account }).Count) {
            # The service account install-worker.ps1 creates (a gMSA on a real domain): no mailbox.
            Update-LabState 'WSE' {
                param($s)
                $s.adUsers = @(@($s.adUsers) + @([ordered]@{ Name = $account; SamAccountName = $account; UserPrincipalName = ($account + '@contoso.local')
                            DistinguishedName = ('CN=' + $account + ',CN=Managed Service Accounts,DC=contoso,DC=local'); GivenName = $null; Surname = $null; Enabled = $true
                            adminCount = 0; InheritanceDisabled = $false; MemberOf = @('Domain Users'); PasswordLastSet = (Get-Date).ToUniversalTime().ToString('o'); ObjectGUID = [System.Guid]::NewGuid().ToString() }))
            } | Out-Null
        }
        if ((Read-LabRbac).groups.Contains($group)) { return }
        # What the generated script makes of a new lab is the same each time: made once per
        # version of the grant script and the lab, then copied (a run takes some 20 s).
        $sha = [System.Security.Cryptography.SHA256]::Create()
        $text = (@($GrantPath, (Join-Path $PSScriptRoot 'RbacLab.ps1'), (Join-Path $PSScriptRoot 'ExchangeLab.psm1'), (Join-Path $PSScriptRoot 'LifecycleLab.ps1'), (Join-Path $PSScriptRoot 'DeploymentLab.ps1')) | ForEach-Object { [System.IO.File]::ReadAllText($_) }) -join "`n"
        $hash = ([System.BitConverter]::ToString($sha.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($text + "`n" + $group + "`n" + $account)))).Replace('-', '').Substring(0, 20)
        $cached = Join-Path ([System.IO.Path]::GetTempPath()) ('chatops-lab-rbac-' + $hash + '.json')
        if (Test-Path -LiteralPath $cached) {
            $temp = (Get-LabRbacPath) + '.' + [System.Guid]::NewGuid().ToString('N') + '.tmp'
            Copy-Item -LiteralPath $cached -Destination $temp -Force
            Move-LabFileInto $temp (Get-LabRbacPath)
            return
        }
        $script:LabQuiet = $true
        try { & $Grant ('CONTOSO\' + $account) $group | Out-Null } finally { $script:LabQuiet = $false }
        $temp = $cached + '.' + [System.Guid]::NewGuid().ToString('N') + '.tmp'
        Copy-Item -LiteralPath (Get-LabRbacPath) -Destination $temp -Force
        Move-LabFileInto $temp $cached
    }
}

function Get-LabRoleEntry($Rbac, [string[]]$Roles, [string]$Cmdlet) {
    # The parameters these roles allow the cmdlet, or $null when none of them holds it.
    $allowed = $null
    foreach ($role in $Roles) {
        if ($Rbac.roles.Contains($role) -and $Rbac.roles[$role].entries.Contains($Cmdlet)) {
            if ($null -eq $allowed) { $allowed = @() }
            $allowed += @($Rbac.roles[$role].entries[$Cmdlet])
        }
    }
    if ($null -eq $allowed) { return $null }
    return , $allowed
}

function Assert-LabRbac {
    # Called by the enforcement wrappers: the cmdlet and its bound parameters must be in the role
    # group's roles, unless the account holds the deployment's Organization Management (in AD).
    param([string]$Cmdlet, [string[]]$Parameters)
    $group = Get-LabRbacRoleGroup
    $rbac = Read-LabRbac
    $roles = @()
    if ($rbac.groups.Contains($group)) { $roles = @($rbac.groups[$group].roles) }
    $allowed = Get-LabRoleEntry $rbac $roles $Cmdlet
    # Then the roles assigned to the account itself (New-ManagementRoleAssignment -User), read only
    # when the role group's do not hold the cmdlet.
    if ($null -eq $allowed) { $allowed = Get-LabRoleEntry $rbac @(Get-LabUserRoles) $Cmdlet }
    if ($null -eq $allowed -and (Test-LabDeploymentRight 'Organization Management')) { return }
    if ($null -eq $allowed) {
        $exception = New-Object System.Management.Automation.CommandNotFoundException("The term '$Cmdlet' is not recognized as the name of a cmdlet, function, script file, or operable program (not in the roles of '$group').")
        throw (New-Object System.Management.Automation.ErrorRecord($exception, 'CommandNotFoundException', ([System.Management.Automation.ErrorCategory]::ObjectNotFound), $Cmdlet))
    }
    foreach ($p in $Parameters) {
        if ($script:LabCommonParameters -contains $p) { continue }
        if ($allowed -notcontains $p) {
            $exception = New-Object System.Management.Automation.ParameterBindingException("A parameter cannot be found that matches parameter name '$p' ($Cmdlet, in the roles of '$group').")
            throw (New-Object System.Management.Automation.ErrorRecord($exception, ('NamedParameterNotFound,' + $Cmdlet), ([System.Management.Automation.ErrorCategory]::InvalidArgument), $p))
        }
    }
}

function Enable-LabRbacEnforcement {
    # A wrapper per Exchange cmdlet of the lab, in the global scope: it checks RBAC (the cmdlet and
    # the parameters named at the call), then passes the call on unchanged (@args, pipeline input).
    $global:LabRbacInner = @{}
    $wrapper = {
        $cmdlet = $MyInvocation.MyCommand.Name
        $inner = $global:LabRbacInner[$cmdlet]
        # The call's parameters as a table (a switch takes no value unless written -Switch:$value).
        $bound = @{}
        $positional = @()
        for ($i = 0; $i -lt $args.Count; $i++) {
            $a = $args[$i]
            if ($a -is [string] -and $a -match '^-([A-Za-z][A-Za-z0-9]*)(:?)$') {
                $pname = $Matches[1]
                $colon = $Matches[2]
                $meta = $inner.Parameters[$pname]
                if ($colon -or -not ($meta -and $meta.SwitchParameter)) {
                    if (($i + 1) -lt $args.Count) { $i++; $bound[$pname] = $args[$i] } else { $bound[$pname] = $true }
                } else {
                    $bound[$pname] = $true
                }
            } else {
                $positional += , $a
            }
        }
        ExchangeLab\Assert-LabRbac -Cmdlet $cmdlet -Parameters @($bound.Keys)
        # -ErrorVariable names a variable of the caller's scope: passed on as is, the inner cmdlet
        # would set it in this wrapper's scope, and the caller would see no error at all.
        $errorVariable = $null
        if ($bound.ContainsKey('ErrorVariable')) {
            $errorVariable = [string]$bound['ErrorVariable']
            $bound.Remove('ErrorVariable')
        }
        if (-not $errorVariable) {
            if ($MyInvocation.ExpectingInput) { $input | & $inner @bound @positional } else { & $inner @bound @positional }
            return
        }
        $collected = $null
        if ($MyInvocation.ExpectingInput) { $input | & $inner @bound @positional -ErrorVariable collected } else { & $inner @bound @positional -ErrorVariable collected }
        $name = $errorVariable.TrimStart('+')
        $before = @()
        if ($errorVariable.StartsWith('+')) { $before = @(Get-Variable -Name $name -Scope 1 -ValueOnly -ErrorAction SilentlyContinue) }
        Set-Variable -Name $name -Value (@($before) + @($collected)) -Scope 1
    }
    # Made afresh from its syntax tree: not bound to this module, so that its caller's scope is scope 1.
    $unbound = $wrapper.Ast.GetScriptBlock()
    $names = @($script:LabBuiltInRoles.Values | ForEach-Object { $_ } | Sort-Object -Unique)
    foreach ($name in $names) {
        $inner = Get-Command -Name $name -CommandType Function -Module ExchangeLab -ErrorAction SilentlyContinue
        if (-not $inner) { continue }
        $global:LabRbacInner[$name] = $inner
        Set-Item -Path ('Function:\global:' + $name) -Value $unbound
    }
    $global:LabRbacInner.Count
}

function dsacls.exe {
    # Shadows Windows' dsacls.exe (delegating rights on an OU): recorded, nothing else.
    Write-LabCall 'dsacls.exe' @{ Arguments = @($args | ForEach-Object { [string]$_ }) }
    $global:LASTEXITCODE = 0 # as the program's exit code
    'The command completed successfully'
}
