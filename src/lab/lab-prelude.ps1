<#
.SYNOPSIS
    Loads the lab into a warm shell and binds it to one lab host.
.DESCRIPTION
    Imported globally, the lab's functions shadow the real cmdlets of the same names, among them
    Restart-Computer and Stop-Computer: no script run in this shell can reach the real ones.
#>
param(
    [Parameter(Mandatory = $true)][string]$ModulePath,
    [Parameter(Mandatory = $true)][string]$LabDir,
    [Parameter(Mandatory = $true)][ValidateSet('WSE', 'EXCH')][string]$HostName,
    [ValidateSet('deployed', 'fresh')][string]$Preset = 'deployed',
    [int]$RebootSeconds = 5
)
Import-Module -Name $ModulePath -Global -Force -DisableNameChecking
Initialize-Lab -LabDir $LabDir -HostName $HostName -Preset $Preset -RebootSeconds $RebootSeconds
@{ host = $HostName; lab = $true }
