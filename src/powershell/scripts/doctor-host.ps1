<#
.SYNOPSIS
    What `npm run doctor` asks each host: PowerShell's version, the modules, the bot's rights, the time.
.DESCRIPTION
    Read-only. Runs in the host's warm shell (locally, or in the remote session of the
    windows-remote prelude), so an answer also shows the host is reachable the way steps reach it.
.PARAMETER RoleGroup
    The Exchange role group the bot's rights are in (scripts/windows/grant-bot-rights.ps1).
#>
[CmdletBinding()]
param([ValidatePattern('^[A-Za-z0-9._ -]{1,64}$')][string]$RoleGroup = 'ChatOps Bot')
$exchange = [bool](Get-Command -Name Get-Mailbox -ErrorAction SilentlyContinue)
$ad = [bool](Get-Command -Name Get-ADUser -ErrorAction SilentlyContinue)
$group = $null
if (Get-Command -Name Get-RoleGroup -ErrorAction SilentlyContinue) {
    try {
        $found = @(Get-RoleGroup -Identity $RoleGroup -ErrorAction SilentlyContinue)
    } catch {
        # Refused: the bot's roles do not hold Get-RoleGroup, so the grant script has not run.
        $found = @()
    }
    if ($found.Count) {
        $members = @()
        if (Get-Command -Name Get-RoleGroupMember -ErrorAction SilentlyContinue) { $members = @(Get-RoleGroupMember -Identity $RoleGroup -ErrorAction SilentlyContinue | ForEach-Object { [string]$_.Name }) }
        $group = @{ name = $RoleGroup; roles = @($found[0].Roles | ForEach-Object { [string]$_ }); members = $members }
    } else {
        $group = @{ name = $RoleGroup; missing = $true }
    }
}
$edition = 'Desktop'
if ($PSVersionTable.PSEdition) { $edition = [string]$PSVersionTable.PSEdition }
@{
    psVersion       = $PSVersionTable.PSVersion.ToString()
    edition         = $edition
    exchange        = $exchange
    activeDirectory = $ad
    roleGroup       = $group
    remote          = [bool]$PSSenderInfo
    # Run by the JEA endpoint's one function: the endpoint answered, in its restricted session.
    jea             = [bool](Get-Command -Name Invoke-ChatOpsStep -CommandType Function -ErrorAction SilentlyContinue)
    lab             = [bool](Get-Command -Name Initialize-Lab -ErrorAction SilentlyContinue)
    rbacEnforced    = [bool]$global:LabRbacInner
    utc             = (Get-Date).ToUniversalTime().ToString('o')
}
