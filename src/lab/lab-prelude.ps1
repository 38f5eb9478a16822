<#
.SYNOPSIS
    Loads the lab into a warm shell and binds it to one lab host.
.DESCRIPTION
    Imported globally, the lab's functions shadow the real cmdlets of the same names, among them
    Restart-Computer and Stop-Computer: no script run in this shell can reach the real ones.
    With LAB_ENFORCE_RBAC=true, Exchange's cmdlets on EXCH are held to the bot's RBAC role group.
.PARAMETER ModulePath
    The path of the lab module to import.
.PARAMETER LabDir
    The folder that holds the lab hosts’ state.
.PARAMETER HostName
    The host this shell stands for (WSE or EXCH in the lab).
.PARAMETER Preset
    The lab’s starting state (default, or fresh for the deployment).
.PARAMETER RebootSeconds
    How long a simulated restart keeps the lab host unreachable.
.PARAMETER ExchangeVersion
    The Exchange setup media of a fresh lab: 2010, 2013, 2016, 2019 or SE (LAB_EXCHANGE_VERSION).
.PARAMETER WindowsVersion
    EXCH's Windows Server (LAB_WINDOWS_VERSION; empty: one the Exchange version supports).
.PARAMETER DcVersion
    The WSE domain controller's Windows, and so the forest functional level (LAB_DC_VERSION).
#>
param(
    [Parameter(Mandatory = $true)][string]$ModulePath,
    [Parameter(Mandatory = $true)][string]$LabDir,
    [Parameter(Mandatory = $true)][ValidateSet('WSE', 'EXCH')][string]$HostName,
    [ValidateSet('deployed', 'fresh')][string]$Preset = 'deployed',
    [int]$RebootSeconds = 5,
    [ValidateSet('2010', '2013', '2016', '2019', 'SE')][string]$ExchangeVersion = '2013',
    [string]$WindowsVersion = '',
    [ValidateSet('2012', '2012R2', '2016')][string]$DcVersion = '2012R2'
)
Import-Module -Name $ModulePath -Global -Force -DisableNameChecking
Initialize-Lab -LabDir $LabDir -HostName $HostName -Preset $Preset -RebootSeconds $RebootSeconds -ExchangeVersion $ExchangeVersion -WindowsVersion $WindowsVersion -DcVersion $DcVersion
# A WSE without the WSSCmdlets of 2012 R2 (wssCmdlets false in its state) has no integration cmdlets.
$state = Get-Content -Raw -LiteralPath (Join-Path $LabDir 'WSE.json') | ConvertFrom-Json
if ($HostName -eq 'WSE' -and $state.wssCmdlets -eq $false) {
    Remove-Item -Path Function:\Enable-ExchangeIntegration, Function:\Disable-ExchangeIntegration -ErrorAction SilentlyContinue
}
# LAB_ENFORCE_RBAC=true: Exchange's cmdlets answer only as the roles of "ChatOps Bot" allow (RbacLab.ps1).
# The shell then runs as the bot's service account (LAB_RBAC_ACCOUNT, svc-chatops), and the role
# group is made by the generated grant-bot-rights.ps1 unless LAB_RBAC_GRANT=false.
$rbac = $false
if ($env:LAB_ENFORCE_RBAC -eq 'true') {
    $grantScript = Join-Path (Split-Path -Parent (Split-Path -Parent (Split-Path -Parent $ModulePath))) 'scripts/windows/grant-bot-rights.ps1'
    Initialize-LabRbac -GrantPath $grantScript -Grant { param($Account, $Group) & $grantScript -Part Exchange -BotAccount $Account -RoleGroupName $Group 6> $null }.GetNewClosure()
    if ($HostName -eq 'EXCH') { $rbac = (Enable-LabRbacEnforcement) -gt 0 }
}
@{ host = $HostName; lab = $true; rbac = $rbac }
