<#
.SYNOPSIS
    The lab's cmdlets for a user's life after creation: sign-in and passwords, offboarding, shared
    mailboxes and permissions, distribution groups, automatic replies, forwarding, message tracking
    and PST export. Dot-sourced by ExchangeLab.psm1; the names and parameters are Microsoft's.
.DESCRIPTION
    State stays in the two host files ExchangeLab.psm1 keeps: accounts and security groups on WSE
    (the domain controller), mailboxes, distribution groups, permissions, the message-tracking log
    and export requests on EXCH. Cmdlets fail the way Exchange and Active Directory do.
    A few cmdlets of ExchangeLab.psm1 are wrapped here (Set-Mailbox, New-Mailbox, the AD user view)
    so that module's own code stays as it is. Parses on Windows PowerShell 5.1 and PowerShell 7.
#>

$script:LabDomainNetBios = 'CONTOSO'

# ---------------------------------------------------------------- small helpers

function Get-LabNow { return (Get-Date).ToUniversalTime() }

function Set-LabProperty($Object, [string]$Name, $Value) {
    # State read back from JSON is a PSCustomObject: new properties need Add-Member.
    $Object | Add-Member -NotePropertyName $Name -NotePropertyValue $Value -Force
}

function New-LabNotFound([string]$Identity, [string]$Task) {
    return (New-LabErrorRecord "The operation couldn't be performed because object '$Identity' couldn't be found on 'WSE.contoso.local'." ([System.Management.Automation.ErrorCategory]::NotSpecified) "[Server=EXCH],Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException,Microsoft.Exchange.Management.$Task" $Identity)
}

function New-LabADNotFound([string]$Identity, [string]$Cmdlet) {
    return (New-LabErrorRecord "Cannot find an object with identity: '$Identity' under: 'DC=contoso,DC=local'." ([System.Management.Automation.ErrorCategory]::ObjectNotFound) "ActiveDirectoryCmdlet:Microsoft.ActiveDirectory.Management.ADIdentityNotFoundException,Microsoft.ActiveDirectory.Management.Commands.$Cmdlet" $Identity)
}

function Test-LabADIdentity($User, [string]$Identity) {
    foreach ($c in @($User.SamAccountName, $User.DistinguishedName, $User.UserPrincipalName, $User.ObjectGUID)) {
        if ($c -and [string]::Equals([string]$c, $Identity, [System.StringComparison]::OrdinalIgnoreCase)) { return $true }
    }
    return $false
}

function Update-LabADUser([string]$Identity, [string]$Cmdlet, [scriptblock]$Edit) {
    # One AD user by SamAccountName, DN, UPN or GUID (as the AD module's -Identity); fails like it.
    Assert-LabReachable 'WSE' | Out-Null
    $hit = Update-LabState 'WSE' {
        param($s)
        $found = $null
        foreach ($u in @($s.adUsers)) { if (Test-LabADIdentity $u $Identity) { $found = $u } }
        if ($found) { & $Edit $found | Out-Null }
        $found
    }
    if (-not $hit) { throw (New-LabADNotFound $Identity $Cmdlet) }
    return $hit
}

function Get-LabCanonicalName($Object) { return ('contoso.local/Users/' + $Object.Name) }

function Resolve-LabRecipient($State, [string]$Identity, [string]$Task) {
    # A mailbox or a distribution group, named exactly as Exchange's -Identity would take it.
    $all = @($State.mailboxes) + @($State.distributionGroups | Where-Object { $_ })
    $hits = @($all | Where-Object { $_ -and ((Test-LabIdentityMatch $_ $Identity) -or ((Get-LabCanonicalName $_) -ieq $Identity)) })
    if ($hits.Count -gt 1) {
        throw (New-LabErrorRecord "The operation couldn't be performed because '$Identity' matches multiple entries." ([System.Management.Automation.ErrorCategory]::InvalidArgument) "[Server=EXCH],Microsoft.Exchange.Management.$Task" $Identity)
    }
    if ($hits.Count -eq 0) { throw (New-LabNotFound $Identity $Task) }
    return $hits[0]
}

function Get-LabUserKey($Mailbox) { return ($script:LabDomainNetBios + '\' + $Mailbox.SamAccountName) }

# ---------------------------------------------------------------- wrapped views of ExchangeLab.psm1

$script:BaseMailboxObject = ${function:ConvertTo-LabMailboxObject}
function ConvertTo-LabMailboxObject($m) {
    # Properties a mailbox has from the start, as Get-Mailbox shows them.
    $o = & $script:BaseMailboxObject $m
    $defaults = [ordered]@{ HiddenFromAddressListsEnabled = $false; ForwardingAddress = $null; ForwardingSmtpAddress = $null; DeliverToMailboxAndForward = $false; GrantSendOnBehalfTo = @() }
    foreach ($k in $defaults.Keys) { if (-not ($o.PSObject.Properties.Name -contains $k)) { Set-LabProperty $o $k $defaults[$k] } }
    foreach ($k in @('AutoReplyState', 'InternalMessage', 'ExternalMessage', 'StartTime', 'EndTime', 'ExternalAudience')) {
        if ($o.PSObject.Properties.Name -contains $k) { $o.PSObject.Properties.Remove($k) } # Get-MailboxAutoReplyConfiguration's
    }
    return $o
}

$script:BaseADUserObject = ${function:ConvertTo-LabADUser}
function ConvertTo-LabADUser($u) {
    $o = & $script:BaseADUserObject $u
    Set-LabProperty $o 'LockedOut' ([bool]$u.LockedOut)
    Set-LabProperty $o 'PasswordExpired' ([bool]$u.ChangePasswordAtLogon)
    Set-LabProperty $o 'PasswordLastSet' $u.PasswordLastSet
    Set-LabProperty $o 'Description' $u.Description
    return $o
}

$script:BaseSetMailbox = ${function:Set-Mailbox}
function Set-Mailbox {
    <# Exchange's Set-Mailbox; the lifecycle parameters are handled here, the others by ExchangeLab.psm1. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)][string]$Identity,
        [string]$IssueWarningQuota,
        [string]$ProhibitSendQuota,
        [string]$ProhibitSendReceiveQuota,
        [System.Nullable[bool]]$UseDatabaseQuotaDefaults,
        [string]$DisplayName,
        [string]$Alias,
        [object]$EmailAddresses,
        [System.Nullable[bool]]$EmailAddressPolicyEnabled,
        [System.Nullable[bool]]$HiddenFromAddressListsEnabled,
        [AllowNull()][AllowEmptyString()][string]$ForwardingAddress,
        [System.Nullable[bool]]$DeliverToMailboxAndForward,
        [ValidateSet('Regular', 'Room', 'Equipment', 'Shared')][string]$Type,
        [object]$GrantSendOnBehalfTo,
        [string]$CustomAttribute15,
        [switch]$Force
    )
    $mine = @('HiddenFromAddressListsEnabled', 'ForwardingAddress', 'DeliverToMailboxAndForward', 'Type', 'GrantSendOnBehalfTo', 'CustomAttribute15', 'Force')
    $base = @{}
    foreach ($k in $PSBoundParameters.Keys) { if ($mine -notcontains $k) { $base[$k] = $PSBoundParameters[$k] } }
    $ownChanges = @($PSBoundParameters.Keys | Where-Object { $mine -contains $_ -and $_ -ne 'Force' })
    if ($base.Count -gt 1 -or $ownChanges.Count -eq 0) { & $script:BaseSetMailbox @base }
    if ($ownChanges.Count -eq 0) { return }
    $state = Assert-LabExchange
    $target = Resolve-LabObject -Objects @($state.mailboxes) -Identity $Identity -Cmdlet 'SetMailbox' -Terminating
    $changes = [ordered]@{}
    $logged = @{ Identity = $Identity }
    if ($PSBoundParameters.ContainsKey('HiddenFromAddressListsEnabled')) { $changes.HiddenFromAddressListsEnabled = [bool]$HiddenFromAddressListsEnabled }
    if ($PSBoundParameters.ContainsKey('DeliverToMailboxAndForward')) { $changes.DeliverToMailboxAndForward = [bool]$DeliverToMailboxAndForward }
    if ($PSBoundParameters.ContainsKey('CustomAttribute15')) { $changes.CustomAttribute15 = $CustomAttribute15 }
    if ($PSBoundParameters.ContainsKey('ForwardingAddress')) {
        if ($ForwardingAddress) {
            $to = Resolve-LabRecipient $state $ForwardingAddress 'RecipientTasks.SetMailbox'
            if ($to.Guid -eq $target.Guid) {
                throw (New-LabErrorRecord "The forwarding address can't be the mailbox itself." ([System.Management.Automation.ErrorCategory]::InvalidArgument) '[Server=EXCH],Microsoft.Exchange.Management.RecipientTasks.SetMailbox' $Identity)
            }
            $changes.ForwardingAddress = Get-LabCanonicalName $to
        } else { $changes.ForwardingAddress = $null }
    }
    if ($PSBoundParameters.ContainsKey('Type')) {
        if ($Type -ne 'Shared' -and $Type -ne 'Regular') { throw "The lab converts only between Regular and Shared mailboxes." }
        $details = 'UserMailbox'
        if ($Type -eq 'Shared') { $details = 'SharedMailbox' }
        $changes.RecipientTypeDetails = $details
    }
    if ($PSBoundParameters.ContainsKey('GrantSendOnBehalfTo')) {
        $current = @($target.GrantSendOnBehalfTo | Where-Object { $_ })
        $add = @(); $remove = @(); $replace = $null
        if ($GrantSendOnBehalfTo -is [System.Collections.IDictionary]) {
            $add = @($GrantSendOnBehalfTo['Add'] | Where-Object { $_ }); $remove = @($GrantSendOnBehalfTo['Remove'] | Where-Object { $_ })
        } else { $replace = @($GrantSendOnBehalfTo | Where-Object { $_ }) }
        if ($null -ne $replace) { $current = @(); $add = $replace }
        foreach ($a in $add) { $n = Get-LabCanonicalName (Resolve-LabRecipient $state ([string]$a) 'RecipientTasks.SetMailbox'); if ($current -notcontains $n) { $current += $n } }
        foreach ($r in $remove) { $n = Get-LabCanonicalName (Resolve-LabRecipient $state ([string]$r) 'RecipientTasks.SetMailbox'); $current = @($current | Where-Object { $_ -ne $n }) }
        $changes.GrantSendOnBehalfTo = @($current)
    }
    Update-LabState 'EXCH' {
        param($s)
        foreach ($m in @($s.mailboxes)) { if ($m.Guid -eq $target.Guid) { foreach ($k in $changes.Keys) { Set-LabProperty $m $k $changes[$k] } } }
    } | Out-Null
    foreach ($k in $ownChanges) { $logged[$k] = [string]$PSBoundParameters[$k] }
    Write-LabCall 'Set-Mailbox' $logged
    Wait-LabSlowCmdlet 'Set-Mailbox'
}

$script:BaseNewMailbox = ${function:New-Mailbox}
function New-Mailbox {
    <# Exchange's New-Mailbox; -Shared makes a shared mailbox (its account disabled, no password). #>
    [CmdletBinding(DefaultParameterSetName = 'User')]
    param(
        [Parameter(Mandatory = $true, Position = 0)][string]$Name,
        [Parameter(ParameterSetName = 'User', Mandatory = $true)][System.Security.SecureString]$Password,
        [Parameter(ParameterSetName = 'User', Mandatory = $true)][string]$UserPrincipalName,
        [Parameter(ParameterSetName = 'Shared', Mandatory = $true)][switch]$Shared,
        [string]$Alias, [string]$DisplayName, [string]$FirstName, [string]$LastName, [string]$OrganizationalUnit,
        [string]$SamAccountName, [string]$Database, [string]$PrimarySmtpAddress, [bool]$ResetPasswordOnNextLogon = $false
    )
    if (-not $Shared) { return (& $script:BaseNewMailbox @PSBoundParameters) }
    $base = @{}
    foreach ($k in $PSBoundParameters.Keys) { if ($k -ne 'Shared') { $base[$k] = $PSBoundParameters[$k] } }
    if (-not $Alias) { $Alias = $Name -replace '[^A-Za-z0-9!#%*+\-/=?^_~.]', '' }
    $base.Alias = $Alias
    $base.UserPrincipalName = $Alias + '@contoso.local'
    # The account of a shared mailbox gets a random password and is disabled, as Exchange does it.
    $base.Password = ConvertTo-SecureString ('Sh' + [System.Guid]::NewGuid().ToString('N') + '!1') -AsPlainText -Force
    $created = & $script:BaseNewMailbox @base
    Update-LabState 'EXCH' { param($s) foreach ($m in @($s.mailboxes)) { if ($m.Guid -eq $created.Guid) { $m.RecipientTypeDetails = 'SharedMailbox' } } } | Out-Null
    Update-LabState 'WSE' { param($s) foreach ($u in @($s.adUsers)) { if ($u.DistinguishedName -eq $created.DistinguishedName) { $u.Enabled = $false } } } | Out-Null
    Write-LabCall 'New-Mailbox' @{ Name = $Name; Alias = $Alias; Shared = $true }
    $state = Read-LabState 'EXCH'
    return (ConvertTo-LabMailboxObject (@($state.mailboxes | Where-Object { $_.Guid -eq $created.Guid })[0]))
}

# ---------------------------------------------------------------- Active Directory: sign-in and groups

function Disable-ADAccount {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Identity)
    Update-LabADUser $Identity 'DisableADAccount' { param($u) $u.Enabled = $false } | Out-Null
    Write-LabCall 'Disable-ADAccount' @{ Identity = $Identity }
    Wait-LabSlowCmdlet 'Disable-ADAccount'
}

function Enable-ADAccount {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Identity)
    Update-LabADUser $Identity 'EnableADAccount' { param($u) $u.Enabled = $true } | Out-Null
    Write-LabCall 'Enable-ADAccount' @{ Identity = $Identity }
}

function Unlock-ADAccount {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Identity)
    Update-LabADUser $Identity 'UnlockADAccount' { param($u) Set-LabProperty $u 'LockedOut' $false } | Out-Null
    Write-LabCall 'Unlock-ADAccount' @{ Identity = $Identity }
}

function Set-ADUser {
    <# The few Set-ADUser parameters the bot uses: -ChangePasswordAtLogon, -Enabled, -Description. #>
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0)][string]$Identity,
        [System.Nullable[bool]]$ChangePasswordAtLogon,
        [System.Nullable[bool]]$Enabled,
        [AllowEmptyString()][string]$Description
    )
    $bound = $PSBoundParameters
    $setChange = $bound.ContainsKey('ChangePasswordAtLogon'); $setEnabled = $bound.ContainsKey('Enabled'); $setDescription = $bound.ContainsKey('Description')
    Update-LabADUser $Identity 'SetADUser' {
        param($u)
        if ($setChange) { Set-LabProperty $u 'ChangePasswordAtLogon' ([bool]$ChangePasswordAtLogon) }
        if ($setEnabled) { $u.Enabled = [bool]$Enabled }
        if ($setDescription) { Set-LabProperty $u 'Description' $Description }
    } | Out-Null
    $logged = @{ Identity = $Identity }
    foreach ($k in $bound.Keys) { $logged[$k] = [string]$bound[$k] }
    Write-LabCall 'Set-ADUser' $logged
}

function ConvertTo-LabADGroup([string]$Name, [string]$Category) {
    $scope = 'Global'
    if ($Category -eq 'Distribution') { $scope = 'Universal' }
    return [pscustomobject]@{ Name = $Name; SamAccountName = $Name; DistinguishedName = ('CN=' + $Name + ',CN=Users,DC=contoso,DC=local'); GroupCategory = $Category; GroupScope = $scope; objectClass = 'group' }
}

function Get-ADPrincipalGroupMembership {
    <# Every group the account is a member of: Domain Users, security groups and distribution groups. #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Identity)
    $wse = Assert-LabReachable 'WSE'
    $user = @($wse.adUsers | Where-Object { Test-LabADIdentity $_ $Identity })
    if ($user.Count -eq 0) { throw (New-LabADNotFound $Identity 'GetADPrincipalGroupMembership') }
    $groups = @()
    $names = @($user[0].MemberOf | Where-Object { $_ })
    if ($names -notcontains 'Domain Users') { $names = @('Domain Users') + $names }
    foreach ($g in $names) { $groups += ConvertTo-LabADGroup $g 'Security' }
    $exch = Read-LabState 'EXCH'
    foreach ($dg in @($exch.distributionGroups | Where-Object { $_ })) {
        if (@($dg.Members) -contains $user[0].Name) { $groups += ConvertTo-LabADGroup $dg.Name 'Distribution' }
    }
    return $groups
}

function Remove-ADGroupMember {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Identity, [Parameter(Mandatory = $true, Position = 1)][string[]]$Members)
    $wse = Assert-LabReachable 'WSE'
    $exch = Read-LabState 'EXCH'
    $dnMatch = [regex]::Match($Identity, '^(?i)CN=([^,]+),CN=Users,DC=contoso,DC=local$')
    if ($dnMatch.Success) { $Identity = $dnMatch.Groups[1].Value } # a group's DN names it as well as its name
    $dg = @($exch.distributionGroups | Where-Object { $_ -and ($_.Name -ieq $Identity -or $_.DistinguishedName -ieq $Identity -or $_.Alias -ieq $Identity) })
    $isSecurity = [bool](@($wse.adUsers | Where-Object { @($_.MemberOf) -contains $Identity }).Count -gt 0) -or (@('Domain Users', 'Domain Admins', 'Enterprise Admins', 'Schema Admins', 'Organization Management') -contains $Identity)
    if ($dg.Count -eq 0 -and -not $isSecurity) { throw (New-LabADNotFound $Identity 'RemoveADGroupMember') }
    foreach ($member in $Members) {
        $user = @($wse.adUsers | Where-Object { Test-LabADIdentity $_ $member })
        if ($user.Count -eq 0) { throw (New-LabADNotFound $member 'RemoveADGroupMember') }
        $u = $user[0]
        if ($Identity -ieq 'Domain Users') {
            throw (New-LabErrorRecord "The user cannot be removed from a group because the group is currently the user's primary group" ([System.Management.Automation.ErrorCategory]::NotSpecified) 'ActiveDirectoryServer:1319,Microsoft.ActiveDirectory.Management.Commands.RemoveADGroupMember' $Identity)
        }
        $wasMember = (@($u.MemberOf) -contains $Identity) -or ($dg.Count -gt 0 -and @($dg[0].Members) -contains $u.Name)
        if (-not $wasMember) {
            throw (New-LabErrorRecord 'The specified account name is not a member of the group' ([System.Management.Automation.ErrorCategory]::NotSpecified) 'ActiveDirectoryServer:1377,Microsoft.ActiveDirectory.Management.Commands.RemoveADGroupMember' $Identity)
        }
        if ($dg.Count -gt 0) {
            Update-LabState 'EXCH' { param($s) foreach ($g in @($s.distributionGroups)) { if ($g.Guid -eq $dg[0].Guid) { $g.Members = @(@($g.Members) | Where-Object { $_ -ne $u.Name }) } } } | Out-Null
        } else {
            Update-LabState 'WSE' { param($s) foreach ($x in @($s.adUsers)) { if ($x.DistinguishedName -eq $u.DistinguishedName) { $x.MemberOf = @(@($x.MemberOf) | Where-Object { $_ -ne $Identity }) } } } | Out-Null
        }
    }
    Write-LabCall 'Remove-ADGroupMember' @{ Identity = $Identity; Members = ($Members -join ',') }
    Wait-LabSlowCmdlet 'Remove-ADGroupMember'
}

# ---------------------------------------------------------------- distribution groups

function ConvertTo-LabGroupObject($g) {
    return [pscustomobject]@{ Name = $g.Name; Alias = $g.Alias; DisplayName = $g.DisplayName; PrimarySmtpAddress = $g.PrimarySmtpAddress; EmailAddresses = @($g.EmailAddresses)
        RecipientTypeDetails = 'MailUniversalDistributionGroup'; GroupType = 'Universal'; DistinguishedName = $g.DistinguishedName; Guid = $g.Guid; Identity = (Get-LabCanonicalName $g); Members = @($g.Members) }
}

function Resolve-LabGroup($State, [string]$Identity, [string]$Task) {
    $hits = @($State.distributionGroups | Where-Object { $_ -and ((Test-LabIdentityMatch $_ $Identity) -or ((Get-LabCanonicalName $_) -ieq $Identity)) })
    if ($hits.Count -ne 1) { throw (New-LabNotFound $Identity $Task) }
    return $hits[0]
}

function New-DistributionGroup {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)][string]$Name,
        [string]$Alias, [string]$DisplayName, [string]$PrimarySmtpAddress, [string[]]$Members,
        [ValidateSet('Distribution', 'Security')][string]$Type = 'Distribution', [string]$OrganizationalUnit
    )
    $state = Assert-LabExchange
    if (-not $Alias) { $Alias = $Name -replace '[^A-Za-z0-9!#%*+\-/=?^_~.]', '' }
    Assert-LabAlias $Alias 'NewDistributionGroup'
    $dn = 'CN=' + $Name + ',CN=Users,DC=contoso,DC=local'
    $wse = Read-LabState 'WSE'
    foreach ($o in @(@($state.distributionGroups | Where-Object { $_ }) + @($wse.adUsers))) {
        if ($o.DistinguishedName -ieq $dn) {
            throw (New-LabErrorRecord "Active Directory operation failed on WSE.contoso.local. The object '$dn' already exists." ([System.Management.Automation.ErrorCategory]::NotSpecified) '[Server=EXCH],Microsoft.Exchange.Data.Directory.ADObjectAlreadyExistsException,Microsoft.Exchange.Management.RecipientTasks.NewDistributionGroup' $Name)
        }
    }
    $primary = $PrimarySmtpAddress
    if (-not $primary) { $primary = Get-LabPrimaryAddress $state ([pscustomobject]@{ Alias = $Alias; FirstName = ''; LastName = '' }) }
    Assert-LabAddressFree $state $primary '' 'NewDistributionGroup'
    foreach ($g in @($state.distributionGroups | Where-Object { $_ })) {
        if (@($g.EmailAddresses | ForEach-Object { ([string]$_ -replace '^(?i)smtp:', '') }) -icontains $primary) {
            throw (New-LabErrorRecord "The proxy address `"SMTP:$primary`" is already being used by the proxy addresses or LegacyExchangeDN of `"$(Get-LabCanonicalName $g)`". Please choose another proxy address." ([System.Management.Automation.ErrorCategory]::NotSpecified) '[Server=EXCH],Microsoft.Exchange.Data.ProxyAddressConflictException,Microsoft.Exchange.Management.RecipientTasks.NewDistributionGroup' $primary)
        }
    }
    $names = @()
    foreach ($m in @($Members | Where-Object { $_ })) { $names += (Resolve-LabObject -Objects @($state.mailboxes) -Identity $m -Cmdlet 'NewDistributionGroup' -Terminating).Name }
    if (-not $DisplayName) { $DisplayName = $Name }
    $group = [ordered]@{ Name = $Name; Alias = $Alias; DisplayName = $DisplayName; PrimarySmtpAddress = $primary; EmailAddresses = @('SMTP:' + $primary)
        DistinguishedName = $dn; Guid = [System.Guid]::NewGuid().ToString(); Members = @($names | Select-Object -Unique); WhenCreated = (Get-LabNow).ToString('o') }
    Update-LabState 'EXCH' {
        param($s)
        if (-not ($s.PSObject.Properties.Name -contains 'distributionGroups')) { Set-LabProperty $s 'distributionGroups' @() }
        $s.distributionGroups = @(@($s.distributionGroups | Where-Object { $_ }) + @($group))
    } | Out-Null
    Write-LabCall 'New-DistributionGroup' @{ Name = $Name; Alias = $Alias; Members = ($names -join ',') }
    return (ConvertTo-LabGroupObject ([pscustomobject]$group))
}

function Get-DistributionGroup {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string]$Identity, [string]$ResultSize)
    $state = Assert-LabExchange
    if (-not $Identity) { return @($state.distributionGroups | Where-Object { $_ } | ForEach-Object { ConvertTo-LabGroupObject $_ }) }
    $hits = @($state.distributionGroups | Where-Object { $_ -and ((Test-LabIdentityMatch $_ $Identity) -or ((Get-LabCanonicalName $_) -ieq $Identity)) })
    if ($hits.Count -eq 1) { return (ConvertTo-LabGroupObject $hits[0]) }
    $PSCmdlet.WriteError((New-LabNotFound $Identity 'RecipientTasks.GetDistributionGroup'))
}

function Get-DistributionGroupMember {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Identity, [string]$ResultSize)
    $state = Assert-LabExchange
    $g = Resolve-LabGroup $state $Identity 'RecipientTasks.GetDistributionGroupMember'
    return @($state.mailboxes | Where-Object { @($g.Members) -contains $_.Name } | ForEach-Object { ConvertTo-LabMailboxObject $_ })
}

function Add-DistributionGroupMember {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Identity, [Parameter(Mandatory = $true)][string]$Member, [switch]$BypassSecurityGroupManagerCheck)
    $state = Assert-LabExchange
    $g = Resolve-LabGroup $state $Identity 'RecipientTasks.AddDistributionGroupMember'
    $m = Resolve-LabObject -Objects @($state.mailboxes) -Identity $Member -Cmdlet 'AddDistributionGroupMember' -Terminating
    if (@($g.Members) -contains $m.Name) {
        throw (New-LabErrorRecord "The recipient `"$(Get-LabCanonicalName $m)`" is already a member of the group `"$(Get-LabCanonicalName $g)`"." ([System.Management.Automation.ErrorCategory]::NotSpecified) '[Server=EXCH],Microsoft.Exchange.Management.Tasks.MemberAlreadyExistsException,Microsoft.Exchange.Management.RecipientTasks.AddDistributionGroupMember' $Member)
    }
    Update-LabState 'EXCH' { param($s) foreach ($x in @($s.distributionGroups)) { if ($x.Guid -eq $g.Guid) { $x.Members = @(@($x.Members | Where-Object { $_ }) + @($m.Name)) } } } | Out-Null
    Write-LabCall 'Add-DistributionGroupMember' @{ Identity = $Identity; Member = $Member }
}

function Remove-DistributionGroupMember {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Identity, [Parameter(Mandatory = $true)][string]$Member, [switch]$BypassSecurityGroupManagerCheck)
    $state = Assert-LabExchange
    $g = Resolve-LabGroup $state $Identity 'RecipientTasks.RemoveDistributionGroupMember'
    $m = Resolve-LabObject -Objects @($state.mailboxes) -Identity $Member -Cmdlet 'RemoveDistributionGroupMember' -Terminating
    if (-not (@($g.Members) -contains $m.Name)) {
        throw (New-LabErrorRecord "The recipient `"$(Get-LabCanonicalName $m)`" isn't a member of the group `"$(Get-LabCanonicalName $g)`"." ([System.Management.Automation.ErrorCategory]::NotSpecified) '[Server=EXCH],Microsoft.Exchange.Management.Tasks.MemberNotFoundException,Microsoft.Exchange.Management.RecipientTasks.RemoveDistributionGroupMember' $Member)
    }
    Update-LabState 'EXCH' { param($s) foreach ($x in @($s.distributionGroups)) { if ($x.Guid -eq $g.Guid) { $x.Members = @(@($x.Members) | Where-Object { $_ -ne $m.Name }) } } } | Out-Null
    Write-LabCall 'Remove-DistributionGroupMember' @{ Identity = $Identity; Member = $Member }
}

# ---------------------------------------------------------------- automatic replies

function Get-MailboxAutoReplyConfiguration {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Identity)
    $state = Assert-LabExchange
    $m = Resolve-LabObject -Objects @($state.mailboxes) -Identity $Identity -Cmdlet 'GetMailboxAutoReplyConfiguration' -Terminating
    $autoReply = 'Disabled'
    if ($m.AutoReplyState) { $autoReply = [string]$m.AutoReplyState }
    $audience = 'All'
    if ($m.ExternalAudience) { $audience = [string]$m.ExternalAudience }
    return [pscustomobject]@{ Identity = (Get-LabCanonicalName $m); AutoReplyState = $autoReply; InternalMessage = $m.InternalMessage; ExternalMessage = $m.ExternalMessage
        StartTime = $m.StartTime; EndTime = $m.EndTime; ExternalAudience = $audience }
}

function Set-MailboxAutoReplyConfiguration {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)][string]$Identity,
        [ValidateSet('Enabled', 'Disabled', 'Scheduled')][string]$AutoReplyState,
        [AllowEmptyString()][AllowNull()][string]$InternalMessage,
        [AllowEmptyString()][AllowNull()][string]$ExternalMessage,
        [System.Nullable[DateTime]]$StartTime,
        [System.Nullable[DateTime]]$EndTime,
        [ValidateSet('None', 'Known', 'All')][string]$ExternalAudience
    )
    $state = Assert-LabExchange
    $m = Resolve-LabObject -Objects @($state.mailboxes) -Identity $Identity -Cmdlet 'SetMailboxAutoReplyConfiguration' -Terminating
    $changes = [ordered]@{}
    foreach ($k in @('AutoReplyState', 'InternalMessage', 'ExternalMessage', 'ExternalAudience')) { if ($PSBoundParameters.ContainsKey($k)) { $changes[$k] = [string]$PSBoundParameters[$k] } }
    foreach ($k in @('StartTime', 'EndTime')) {
        if ($PSBoundParameters.ContainsKey($k)) {
            $v = $PSBoundParameters[$k]
            if ($null -ne $v) { $changes[$k] = ([DateTime]$v).ToUniversalTime().ToString('o') } else { $changes[$k] = $null }
        }
    }
    $effectiveState = [string]$m.AutoReplyState
    if ($changes.Contains('AutoReplyState')) { $effectiveState = $changes.AutoReplyState }
    if ($effectiveState -eq 'Scheduled') {
        $start = $m.StartTime; $end = $m.EndTime
        if ($changes.Contains('StartTime')) { $start = $changes.StartTime }
        if ($changes.Contains('EndTime')) { $end = $changes.EndTime }
        if (-not $start) { $start = (Get-LabNow).ToString('o'); $changes.StartTime = $start }
        if (-not $end -or (ConvertTo-LabDate $end) -le (ConvertTo-LabDate $start)) {
            throw (New-LabErrorRecord 'The EndTime value must be later than the StartTime value.' ([System.Management.Automation.ErrorCategory]::InvalidArgument) '[Server=EXCH],Microsoft.Exchange.Management.StoreTasks.SetMailboxAutoReplyConfiguration' $Identity)
        }
    }
    Update-LabState 'EXCH' { param($s) foreach ($x in @($s.mailboxes)) { if ($x.Guid -eq $m.Guid) { foreach ($k in $changes.Keys) { Set-LabProperty $x $k $changes[$k] } } } } | Out-Null
    $logged = @{ Identity = $Identity }
    foreach ($k in $changes.Keys) { $logged[$k] = [string]$changes[$k] }
    Write-LabCall 'Set-MailboxAutoReplyConfiguration' $logged
    Wait-LabSlowCmdlet 'Set-MailboxAutoReplyConfiguration'
}

# ---------------------------------------------------------------- mailbox permissions (Full Access, Send As)

function Get-LabPermissionList($State, [string]$Name) {
    if ($State.PSObject.Properties.Name -contains $Name) { return @($State.$Name | Where-Object { $_ }) }
    return @()
}

function Get-MailboxPermission {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Identity, [string]$User)
    $state = Assert-LabExchange
    $m = Resolve-LabObject -Objects @($state.mailboxes) -Identity $Identity -Cmdlet 'GetMailboxPermission' -Terminating
    $rows = @([pscustomobject]@{ Identity = (Get-LabCanonicalName $m); User = 'NT AUTHORITY\SELF'; AccessRights = @('FullAccess', 'ReadPermission'); IsInherited = $false; Deny = $false })
    foreach ($p in (Get-LabPermissionList $state 'mailboxPermissions')) {
        if ($p.Mailbox -eq $m.Guid) { $rows += [pscustomobject]@{ Identity = (Get-LabCanonicalName $m); User = $p.User; AccessRights = @($p.AccessRights); IsInherited = $false; Deny = $false } }
    }
    if ($User) { $rows = @($rows | Where-Object { $_.User -ieq $User -or $_.User -ieq ($script:LabDomainNetBios + '\' + $User) }) }
    return $rows
}

function Resolve-LabPermissionUser($State, [string]$User, [string]$Task) {
    $m = Resolve-LabRecipient $State $User $Task
    if (-not $m.SamAccountName) { throw (New-LabNotFound $User $Task) }
    return $m
}

function Add-MailboxPermission {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)][string]$Identity,
        [Parameter(Mandatory = $true)][string]$User,
        [Parameter(Mandatory = $true)][ValidateSet('FullAccess', 'SendAs', 'ExternalAccount', 'DeleteItem', 'ReadPermission', 'ChangePermission', 'ChangeOwner')][string[]]$AccessRights,
        [ValidateSet('None', 'All', 'Children', 'Descendents', 'SelfAndChildren')][string]$InheritanceType = 'All',
        [bool]$AutoMapping = $true
    )
    $state = Assert-LabExchange
    $m = Resolve-LabObject -Objects @($state.mailboxes) -Identity $Identity -Cmdlet 'AddMailboxPermission' -Terminating
    $who = Get-LabUserKey (Resolve-LabPermissionUser $state $User 'RecipientTasks.AddMailboxPermission')
    $existing = @((Get-LabPermissionList $state 'mailboxPermissions') | Where-Object { $_.Mailbox -eq $m.Guid -and $_.User -eq $who })
    $missing = @($AccessRights | Where-Object { $existing.Count -eq 0 -or @($existing[0].AccessRights) -notcontains $_ })
    if ($missing.Count -eq 0) { Write-Warning "An existing permission entry was found for user: $who."; return }
    Update-LabState 'EXCH' {
        param($s)
        $list = Get-LabPermissionList $s 'mailboxPermissions'
        $row = @($list | Where-Object { $_.Mailbox -eq $m.Guid -and $_.User -eq $who })
        if ($row.Count -gt 0) { $row[0].AccessRights = @(@($row[0].AccessRights) + $missing) }
        else { $list = @($list) + @([ordered]@{ Mailbox = $m.Guid; Identity = (Get-LabCanonicalName $m); User = $who; AccessRights = @($missing); AutoMapping = $AutoMapping }) }
        Set-LabProperty $s 'mailboxPermissions' @($list)
    } | Out-Null
    Write-LabCall 'Add-MailboxPermission' @{ Identity = $Identity; User = $User; AccessRights = ($AccessRights -join ',') }
    Wait-LabSlowCmdlet 'Add-MailboxPermission'
    return [pscustomobject]@{ Identity = (Get-LabCanonicalName $m); User = $who; AccessRights = @($AccessRights); IsInherited = $false; Deny = $false }
}

function Remove-MailboxPermission {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Identity, [Parameter(Mandatory = $true)][string]$User, [Parameter(Mandatory = $true)][string[]]$AccessRights, [string]$InheritanceType = 'All')
    $state = Assert-LabExchange
    $m = Resolve-LabObject -Objects @($state.mailboxes) -Identity $Identity -Cmdlet 'RemoveMailboxPermission' -Terminating
    $who = Get-LabUserKey (Resolve-LabPermissionUser $state $User 'RecipientTasks.RemoveMailboxPermission')
    $row = @((Get-LabPermissionList $state 'mailboxPermissions') | Where-Object { $_.Mailbox -eq $m.Guid -and $_.User -eq $who })
    if ($row.Count -eq 0 -or @($AccessRights | Where-Object { @($row[0].AccessRights) -contains $_ }).Count -eq 0) {
        Write-Warning "Can't remove the access control entry on the object `"$(Get-LabCanonicalName $m)`" for account `"$who`" because the ACE doesn't exist on the object."
        return
    }
    Update-LabState 'EXCH' {
        param($s)
        $list = @()
        foreach ($p in (Get-LabPermissionList $s 'mailboxPermissions')) {
            if ($p.Mailbox -eq $m.Guid -and $p.User -eq $who) { $p.AccessRights = @(@($p.AccessRights) | Where-Object { $AccessRights -notcontains $_ }) }
            if (@($p.AccessRights).Count -gt 0) { $list += $p }
        }
        Set-LabProperty $s 'mailboxPermissions' @($list)
    } | Out-Null
    Write-LabCall 'Remove-MailboxPermission' @{ Identity = $Identity; User = $User; AccessRights = ($AccessRights -join ',') }
}

function Get-ADPermission {
    <# Exchange's view of a recipient's AD permissions; the lab keeps only extended rights (Send-As). #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Identity, [string]$User)
    $state = Assert-LabExchange
    $m = Resolve-LabRecipient $state $Identity 'PermissionTasks.GetADPermission'
    $rows = @()
    foreach ($p in (Get-LabPermissionList $state 'adPermissions')) {
        if ($p.Target -eq $m.Guid) { $rows += [pscustomobject]@{ Identity = (Get-LabCanonicalName $m); User = $p.User; ExtendedRights = @($p.ExtendedRights); AccessRights = @('ExtendedRight'); IsInherited = $false; Deny = $false } }
    }
    if ($User) { $rows = @($rows | Where-Object { $_.User -ieq $User -or $_.User -ieq ($script:LabDomainNetBios + '\' + $User) }) }
    return $rows
}

function Add-ADPermission {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Identity, [Parameter(Mandatory = $true)][string]$User, [Parameter(Mandatory = $true)][string[]]$ExtendedRights)
    $state = Assert-LabExchange
    foreach ($r in $ExtendedRights) { if ($r -ne 'Send-As' -and $r -ne 'Receive-As') { throw "The lab keeps only the Send-As and Receive-As extended rights, not '$r'." } }
    $m = Resolve-LabRecipient $state $Identity 'PermissionTasks.AddADPermission'
    $who = Get-LabUserKey (Resolve-LabPermissionUser $state $User 'PermissionTasks.AddADPermission')
    $row = @((Get-LabPermissionList $state 'adPermissions') | Where-Object { $_.Target -eq $m.Guid -and $_.User -eq $who })
    $missing = @($ExtendedRights | Where-Object { $row.Count -eq 0 -or @($row[0].ExtendedRights) -notcontains $_ })
    if ($missing.Count -eq 0) { Write-Warning "An existing permission entry was found for user: $who."; return }
    Update-LabState 'EXCH' {
        param($s)
        $list = Get-LabPermissionList $s 'adPermissions'
        $hit = @($list | Where-Object { $_.Target -eq $m.Guid -and $_.User -eq $who })
        if ($hit.Count -gt 0) { $hit[0].ExtendedRights = @(@($hit[0].ExtendedRights) + $missing) }
        else { $list = @($list) + @([ordered]@{ Target = $m.Guid; Identity = (Get-LabCanonicalName $m); User = $who; ExtendedRights = @($missing) }) }
        Set-LabProperty $s 'adPermissions' @($list)
    } | Out-Null
    Write-LabCall 'Add-ADPermission' @{ Identity = $Identity; User = $User; ExtendedRights = ($ExtendedRights -join ',') }
}

function Remove-ADPermission {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Identity, [Parameter(Mandatory = $true)][string]$User, [Parameter(Mandatory = $true)][string[]]$ExtendedRights)
    $state = Assert-LabExchange
    $m = Resolve-LabRecipient $state $Identity 'PermissionTasks.RemoveADPermission'
    $who = Get-LabUserKey (Resolve-LabPermissionUser $state $User 'PermissionTasks.RemoveADPermission')
    $row = @((Get-LabPermissionList $state 'adPermissions') | Where-Object { $_.Target -eq $m.Guid -and $_.User -eq $who })
    if ($row.Count -eq 0) {
        Write-Warning "Can't remove the access control entry on the object `"$(Get-LabCanonicalName $m)`" for account `"$who`" because the ACE doesn't exist on the object."
        return
    }
    Update-LabState 'EXCH' {
        param($s)
        $list = @()
        foreach ($p in (Get-LabPermissionList $s 'adPermissions')) {
            if ($p.Target -eq $m.Guid -and $p.User -eq $who) { $p.ExtendedRights = @(@($p.ExtendedRights) | Where-Object { $ExtendedRights -notcontains $_ }) }
            if (@($p.ExtendedRights).Count -gt 0) { $list += $p }
        }
        Set-LabProperty $s 'adPermissions' @($list)
    } | Out-Null
    Write-LabCall 'Remove-ADPermission' @{ Identity = $Identity; User = $User; ExtendedRights = ($ExtendedRights -join ',') }
}

# ---------------------------------------------------------------- message tracking

function New-LabTrackingEntry([DateTime]$At, [string]$EventId, [string]$Source, [string]$Sender, [string[]]$Recipients, [string]$Subject, [string]$MessageId, [string]$Status, [string]$Connector) {
    return [ordered]@{ Timestamp = $At.ToUniversalTime().ToString('o'); EventId = $EventId; Source = $Source; Sender = $Sender; Recipients = @($Recipients)
        MessageSubject = $Subject; MessageId = $MessageId; RecipientStatus = @($Status); ConnectorId = $Connector; ServerHostname = 'EXCH' }
}

function New-LabMessageId { return ('<' + [System.Guid]::NewGuid().ToString('N') + '@EXCH.contoso.local>') }

function Get-LabSeedEntries($Mailbox, [DateTime]$Now) {
    # A few true-looking messages per mailbox: in from outside, between mailboxes, out, one bounce.
    $me = [string]$Mailbox.PrimarySmtpAddress
    $e = @()
    $id = New-LabMessageId; $t = $Now.AddHours(-20)
    $e += New-LabTrackingEntry $t 'RECEIVE' 'SMTP' 'orders@fabrikam.com' @($me) 'Your order 4471 has shipped' $id '250 2.0.0 OK' 'EXCH\Default Frontend EXCH'
    $e += New-LabTrackingEntry $t.AddSeconds(2) 'DELIVER' 'STOREDRIVER' 'orders@fabrikam.com' @($me) 'Your order 4471 has shipped' $id '250 2.1.5 Delivered' ''
    $id = New-LabMessageId; $t = $Now.AddHours(-6)
    $e += New-LabTrackingEntry $t 'RECEIVE' 'STOREDRIVER' 'Administrator@contoso.com' @($me) 'Welcome to Contoso' $id '' ''
    $e += New-LabTrackingEntry $t.AddSeconds(1) 'DELIVER' 'STOREDRIVER' 'Administrator@contoso.com' @($me) 'Welcome to Contoso' $id '250 2.1.5 Delivered' ''
    $id = New-LabMessageId; $t = $Now.AddHours(-3)
    $e += New-LabTrackingEntry $t 'RECEIVE' 'STOREDRIVER' $me @('partner@fabrikam.com') 'Quarterly figures' $id '' ''
    $e += New-LabTrackingEntry $t.AddSeconds(3) 'SEND' 'SMTP' $me @('partner@fabrikam.com') 'Quarterly figures' $id '250 2.6.0 Queued mail for delivery' 'Internet'
    $id = New-LabMessageId; $t = $Now.AddHours(-1)
    $e += New-LabTrackingEntry $t 'RECEIVE' 'STOREDRIVER' $me @('j.smith@fabrikam.example') 'Meeting notes' $id '' ''
    $e += New-LabTrackingEntry $t.AddSeconds(4) 'FAIL' 'SMTP' $me @('j.smith@fabrikam.example') 'Meeting notes' $id '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found' 'Internet'
    return $e
}

function Sync-LabTrackingLog {
    # Seeds the log for mailboxes it has not seen yet (new ones included), once each.
    Update-LabState 'EXCH' {
        param($s)
        if (-not ($s.PSObject.Properties.Name -contains 'messageTracking')) { Set-LabProperty $s 'messageTracking' @() }
        if (-not ($s.PSObject.Properties.Name -contains 'trackingSeeded')) { Set-LabProperty $s 'trackingSeeded' @() }
        $now = Get-LabNow
        foreach ($m in @($s.mailboxes)) {
            if (@($s.trackingSeeded) -notcontains $m.Guid) {
                $s.messageTracking = @(@($s.messageTracking | Where-Object { $_ }) + @(Get-LabSeedEntries $m $now))
                $s.trackingSeeded = @(@($s.trackingSeeded | Where-Object { $_ }) + @($m.Guid))
            }
        }
    } | Out-Null
}

function Get-MessageTrackingLog {
    [CmdletBinding()]
    param(
        [string]$Sender, [string[]]$Recipients, [System.Nullable[DateTime]]$Start, [System.Nullable[DateTime]]$End,
        [string]$MessageSubject, [string]$EventId, [string]$MessageId, [string]$Server, [string]$ResultSize
    )
    Assert-LabExchange | Out-Null
    Sync-LabTrackingLog
    $state = Read-LabState 'EXCH'
    $rows = @()
    foreach ($e in @($state.messageTracking | Where-Object { $_ })) {
        $at = ConvertTo-LabDate $e.Timestamp
        if ($null -ne $Start -and $at -lt ([DateTime]$Start).ToUniversalTime()) { continue }
        if ($null -ne $End -and $at -gt ([DateTime]$End).ToUniversalTime()) { continue }
        if ($Sender -and -not ([string]$e.Sender -ieq $Sender)) { continue }
        if ($Recipients) {
            $hit = $false
            foreach ($r in $Recipients) { if (@($e.Recipients) -icontains $r) { $hit = $true } }
            if (-not $hit) { continue }
        }
        if ($MessageSubject -and ([string]$e.MessageSubject).IndexOf($MessageSubject, [System.StringComparison]::OrdinalIgnoreCase) -lt 0) { continue }
        if ($EventId -and -not ([string]$e.EventId -ieq $EventId)) { continue }
        if ($MessageId -and -not ([string]$e.MessageId -ieq $MessageId)) { continue }
        $rows += [pscustomobject]@{ Timestamp = $at; EventId = $e.EventId; Source = $e.Source; Sender = $e.Sender; Recipients = @($e.Recipients); MessageSubject = $e.MessageSubject
            MessageId = $e.MessageId; RecipientStatus = @($e.RecipientStatus); ConnectorId = $e.ConnectorId; ServerHostname = $e.ServerHostname }
    }
    return $rows
}

function Add-LabTracking([object[]]$Entries) {
    Update-LabState 'EXCH' {
        param($s)
        if (-not ($s.PSObject.Properties.Name -contains 'messageTracking')) { Set-LabProperty $s 'messageTracking' @() }
        $s.messageTracking = @(@($s.messageTracking | Where-Object { $_ }) + @($Entries))
    } | Out-Null
}

function Send-MailMessage {
    <# Lab shadow: mail submitted to the lab's Exchange (never the network). Delivery follows the
       recipient's forwarding and automatic replies, and every hop is written to the tracking log. #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$From, [Parameter(Mandatory = $true)][string[]]$To, [Parameter(Mandatory = $true)][string]$Subject, [string]$Body, [string]$SmtpServer)
    Assert-LabExchange | Out-Null
    Sync-LabTrackingLog
    $state = Read-LabState 'EXCH'
    $now = Get-LabNow
    $entries = @()
    $replies = @()
    $id = New-LabMessageId
    $internalSender = @($state.mailboxes | Where-Object { Test-LabIdentityMatch $_ $From }).Count -gt 0
    $source = 'SMTP'
    if ($internalSender) { $source = 'STOREDRIVER' }
    $entries += New-LabTrackingEntry $now 'RECEIVE' $source $From $To $Subject $id '' ''
    foreach ($rcpt in $To) {
        $m = @($state.mailboxes | Where-Object { Test-LabIdentityMatch $_ $rcpt })
        if ($m.Count -eq 0) {
            $entries += New-LabTrackingEntry $now.AddSeconds(1) 'SEND' 'SMTP' $From @($rcpt) $Subject $id '250 2.6.0 Queued mail for delivery' 'Internet'
            continue
        }
        $box = $m[0]
        $keep = $true
        if ($box.ForwardingAddress) {
            $fwd = @(@($state.mailboxes) + @($state.distributionGroups | Where-Object { $_ }) | Where-Object { (Get-LabCanonicalName $_) -eq $box.ForwardingAddress })
            if ($fwd.Count -gt 0) {
                $entries += New-LabTrackingEntry $now.AddSeconds(1) 'REDIRECT' 'ROUTING' $From @([string]$fwd[0].PrimarySmtpAddress) $Subject $id "forwarded from $($box.PrimarySmtpAddress)" ''
                $entries += New-LabTrackingEntry $now.AddSeconds(2) 'DELIVER' 'STOREDRIVER' $From @([string]$fwd[0].PrimarySmtpAddress) $Subject $id '250 2.1.5 Delivered' ''
                $keep = [bool]$box.DeliverToMailboxAndForward
            }
        }
        if ($keep) { $entries += New-LabTrackingEntry $now.AddSeconds(2) 'DELIVER' 'STOREDRIVER' $From @([string]$box.PrimarySmtpAddress) $Subject $id '250 2.1.5 Delivered' '' }
        $reply = [string]$box.AutoReplyState
        $active = ($reply -eq 'Enabled') -or ($reply -eq 'Scheduled' -and $box.EndTime -and (ConvertTo-LabDate $box.EndTime) -gt $now -and (-not $box.StartTime -or (ConvertTo-LabDate $box.StartTime) -le $now))
        if ($active) { $replies += [pscustomobject]@{ From = [string]$box.PrimarySmtpAddress; To = $From; Subject = 'Automatic reply: ' + $Subject } }
    }
    foreach ($r in $replies) {
        $rid = New-LabMessageId
        $entries += New-LabTrackingEntry $now.AddSeconds(3) 'RECEIVE' 'STOREDRIVER' $r.From @($r.To) $r.Subject $rid '' ''
        $target = @($state.mailboxes | Where-Object { Test-LabIdentityMatch $_ $r.To })
        if ($target.Count -gt 0) { $entries += New-LabTrackingEntry $now.AddSeconds(4) 'DELIVER' 'STOREDRIVER' $r.From @($r.To) $r.Subject $rid '250 2.1.5 Delivered' '' }
        else { $entries += New-LabTrackingEntry $now.AddSeconds(4) 'SEND' 'SMTP' $r.From @($r.To) $r.Subject $rid '250 2.6.0 Queued mail for delivery' 'Internet' }
    }
    Add-LabTracking $entries
    Write-LabCall 'Send-MailMessage' @{ From = $From; To = ($To -join ','); Subject = $Subject }
}

# ---------------------------------------------------------------- PST export (Mailbox Import Export role)

function Test-LabImportExportRole([string]$Cmdlet) {
    # Assigned to the account itself, or the role group's custom role derived from it (grant-bot-rights.ps1 -PstExport).
    if (-not (Test-LabRoleHeld 'Mailbox Import Export')) {
        # Exchange's RBAC hides the cmdlet from an administrator without the role.
        throw (New-LabErrorRecord "The term '$Cmdlet' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again." ([System.Management.Automation.ErrorCategory]::ObjectNotFound) 'CommandNotFoundException' $Cmdlet)
    }
}

# New-ManagementRoleAssignment (a role for one user, e.g. Mailbox Import Export) is in RbacLab.ps1,
# with the role-group form the grant script uses.

function ConvertTo-LabExportRequest($r) {
    # Queued, then InProgress, Completed after LAB_EXPORT_SECONDS (default 3) from its creation.
    $seconds = 3
    if ($env:LAB_EXPORT_SECONDS) { $seconds = [int]$env:LAB_EXPORT_SECONDS }
    $age = ((Get-LabNow) - (ConvertTo-LabDate $r.Created)).TotalSeconds
    $status = 'Queued'; $percent = 0
    if ($r.FailWith) { $status = 'Failed' }
    elseif ($age -ge $seconds) { $status = 'Completed'; $percent = 100 }
    elseif ($age -gt 0.5) { $status = 'InProgress'; $percent = [int][Math]::Min(95, 100 * $age / [Math]::Max(1, $seconds)) }
    return [pscustomobject]@{ Name = $r.Name; Mailbox = $r.MailboxName; FilePath = $r.FilePath; Status = $status; PercentComplete = $percent; RequestGuid = $r.RequestGuid; Message = $r.FailWith }
}

function New-MailboxExportRequest {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$Mailbox, [Parameter(Mandatory = $true)][string]$FilePath, [string]$Name)
    $state = Assert-LabExchange
    Test-LabImportExportRole 'New-MailboxExportRequest'
    if ($FilePath -notmatch '^\\\\[^\\]+\\[^\\]+\\.+\.pst$') {
        throw (New-LabErrorRecord "The file path '$FilePath' isn't a UNC path. Use a network share path like \\server\share\file.pst." ([System.Management.Automation.ErrorCategory]::InvalidArgument) '[Server=EXCH],Microsoft.Exchange.Management.RecipientTasks.NewMailboxExportRequest' $FilePath)
    }
    $m = Resolve-LabObject -Objects @($state.mailboxes) -Identity $Mailbox -Cmdlet 'NewMailboxExportRequest' -Terminating
    if (-not $Name) { $Name = 'MailboxExport' }
    foreach ($r in @($state.exportRequests | Where-Object { $_ })) {
        if ($r.Mailbox -eq $m.Guid -and $r.Name -eq $Name) {
            throw (New-LabErrorRecord "Mailbox export request '$(Get-LabCanonicalName $m)\$Name' already exists." ([System.Management.Automation.ErrorCategory]::InvalidArgument) '[Server=EXCH],Microsoft.Exchange.Management.RecipientTasks.NewMailboxExportRequest' $Name)
        }
    }
    $request = [ordered]@{ Name = $Name; Mailbox = $m.Guid; MailboxName = (Get-LabCanonicalName $m); FilePath = $FilePath; Created = (Get-LabNow).ToString('o'); RequestGuid = [System.Guid]::NewGuid().ToString(); FailWith = $env:LAB_EXPORT_FAIL }
    Update-LabState 'EXCH' {
        param($s)
        if (-not ($s.PSObject.Properties.Name -contains 'exportRequests')) { Set-LabProperty $s 'exportRequests' @() }
        $s.exportRequests = @(@($s.exportRequests | Where-Object { $_ }) + @($request))
    } | Out-Null
    Write-LabCall 'New-MailboxExportRequest' @{ Mailbox = $Mailbox; FilePath = $FilePath; Name = $Name }
    return (ConvertTo-LabExportRequest ([pscustomobject]$request))
}

function Get-MailboxExportRequest {
    [CmdletBinding()]
    param([string]$Mailbox, [string]$Name)
    Assert-LabExchange | Out-Null
    Test-LabImportExportRole 'Get-MailboxExportRequest'
    $state = Read-LabState 'EXCH'
    $rows = @($state.exportRequests | Where-Object { $_ })
    if ($Mailbox) {
        $m = Resolve-LabObject -Objects @($state.mailboxes) -Identity $Mailbox -Cmdlet 'GetMailboxExportRequest' -Terminating
        $rows = @($rows | Where-Object { $_.Mailbox -eq $m.Guid })
    }
    if ($Name) { $rows = @($rows | Where-Object { $_.Name -eq $Name }) }
    return @($rows | ForEach-Object { ConvertTo-LabExportRequest $_ })
}

Export-ModuleMember -Function Disable-ADAccount, Enable-ADAccount, Unlock-ADAccount, Set-ADUser, Get-ADPrincipalGroupMembership, Remove-ADGroupMember, `
    New-DistributionGroup, Get-DistributionGroup, Get-DistributionGroupMember, Add-DistributionGroupMember, Remove-DistributionGroupMember, `
    Get-MailboxAutoReplyConfiguration, Set-MailboxAutoReplyConfiguration, Get-MailboxPermission, Add-MailboxPermission, Remove-MailboxPermission, `
    Get-ADPermission, Add-ADPermission, Remove-ADPermission, Get-MessageTrackingLog, Send-MailMessage, `
    New-ManagementRoleAssignment, New-MailboxExportRequest, Get-MailboxExportRequest
