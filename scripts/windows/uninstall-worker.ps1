<#
.SYNOPSIS
    Removes the chat-ops worker service that install-worker.ps1 installed (Windows PowerShell 5.1, as an administrator).
.DESCRIPTION
    Undoes install-worker.ps1, each step only when there is something to undo (safe to run again):
    stops and unregisters the service (WinSW uninstall), removes its Event Log source, and removes the
    install folder with its ACL, keeping the data folder (audit log) unless -RemoveData: then the
    service account's access to what is kept is removed (Administrators and SYSTEM keep theirs).
    With -RemoveGmsa, uninstalls the group Managed Service Account from this server (it stays in AD);
    with -RemoveServiceAccount, deletes from AD the named account that install-worker.ps1 made (only
    that one: an account it did not make is left alone). -WhatIf prints what it would do and changes nothing.
    WinSW's "Log on as a service" right for the account stays in the local policy (no cmdlet removes it).
.PARAMETER InstallFolder
    Where install-worker.ps1 put the worker.
.PARAMETER ServiceName
    The Windows service's name.
.PARAMETER RemoveData
    Also delete the data folder (audit log, Redis files of a private Redis).
.PARAMETER RemoveGmsa
    Also uninstall the gMSA from this server (Uninstall-ADServiceAccount); the account stays in AD.
.PARAMETER RemoveServiceAccount
    Also delete the named account (no gMSA) that install-worker.ps1 made, from AD (Remove-ADUser).
.PARAMETER GmsaName
    The service account's name (-GmsaName of install-worker.ps1): the gMSA's, or the named account's.
#>
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [ValidatePattern('^[A-Za-z]:\\')][string]$InstallFolder = 'C:\ChatOpsBot',
    [ValidatePattern('^[A-Za-z][A-Za-z0-9_-]{0,63}$')][string]$ServiceName = 'ChatOpsBot',
    [switch]$RemoveData,
    [switch]$RemoveGmsa,
    [switch]$RemoveServiceAccount,
    [ValidatePattern('^[A-Za-z0-9-]{1,15}$')][string]$GmsaName = 'svc-chatops'
)
$ErrorActionPreference = 'Stop'
$winsw = Join-Path $InstallFolder ($ServiceName + '.exe')
$data = Join-Path $InstallFolder 'data'
# install-worker.ps1 writes this description on the named account it makes.
$madeByInstall = 'Runs the chat-ops worker service (made by install-worker.ps1)'

# The service.
if (Get-Service -Name $ServiceName -ErrorAction SilentlyContinue) {
    if (-not (Test-Path -LiteralPath $winsw)) { throw ('The service ' + $ServiceName + ' exists but ' + $winsw + ' does not: remove it with sc.exe delete ' + $ServiceName + '.') }
    if ($PSCmdlet.ShouldProcess($ServiceName, 'Stop the service and unregister it (WinSW uninstall)')) {
        Stop-Service -Name $ServiceName -Force
        & $winsw uninstall
        if ($LASTEXITCODE -ne 0) { throw ('WinSW uninstall failed (' + $LASTEXITCODE + ').') }
    }
}

# Its Event Log source.
if ([System.Diagnostics.EventLog]::SourceExists($ServiceName) -and $PSCmdlet.ShouldProcess($ServiceName, 'Remove the Event Log source')) {
    Remove-EventLog -Source $ServiceName
}

# The install folder and its ACL; the data folder stays unless -RemoveData.
if (Test-Path -LiteralPath $InstallFolder) {
    if ($RemoveData) {
        if ($PSCmdlet.ShouldProcess($InstallFolder, 'Delete the install folder, data included')) { Remove-Item -LiteralPath $InstallFolder -Recurse -Force }
    } else {
        foreach ($item in Get-ChildItem -LiteralPath $InstallFolder -Force) {
            if ($item.Name -eq 'data') { continue }
            if ($PSCmdlet.ShouldProcess($item.FullName, 'Delete')) { Remove-Item -LiteralPath $item.FullName -Recurse -Force }
        }
        # What is kept stays protected from other users; only Administrators (S-1-5-32-544) and SYSTEM
        # (S-1-5-18) keep their rules: the service account's go.
        foreach ($path in @($InstallFolder, $data)) {
            if (-not (Test-Path -LiteralPath $path)) { continue }
            $acl = Get-Acl -LiteralPath $path
            $others = @()
            foreach ($rule in @($acl.GetAccessRules($true, $false, [System.Security.Principal.SecurityIdentifier]))) {
                if (@('S-1-5-18', 'S-1-5-32-544') -notcontains $rule.IdentityReference.Value) { $others += $rule }
            }
            if ($others.Count -gt 0 -and $PSCmdlet.ShouldProcess($path, 'Remove the service account''s access (Administrators and SYSTEM keep theirs)')) {
                foreach ($rule in $others) { $acl.RemoveAccessRuleSpecific($rule) }
                Set-Acl -LiteralPath $path -AclObject $acl
            }
        }
    }
}

# The service account, only when asked.
if ($RemoveGmsa -or $RemoveServiceAccount) { Import-Module ActiveDirectory }
if ($RemoveGmsa) {
    if (-not (Get-ADServiceAccount -Filter "Name -eq '$GmsaName'")) {
        Write-Host ('no gMSA ' + $GmsaName + ' in AD')
    } elseif ($PSCmdlet.ShouldProcess($GmsaName, 'Uninstall the gMSA from this server (Uninstall-ADServiceAccount; it stays in AD)')) {
        Uninstall-ADServiceAccount -Identity $GmsaName
    }
}
if ($RemoveServiceAccount) {
    $user = Get-ADUser -Filter "SamAccountName -eq '$GmsaName'" -Properties Description
    if (-not $user) {
        Write-Host ('no named account ' + $GmsaName + ' in AD')
    } elseif ($user.Description -ne $madeByInstall) {
        Write-Host ('the account ' + $GmsaName + ' was not made by install-worker.ps1: left alone')
    } elseif ($PSCmdlet.ShouldProcess($user.DistinguishedName, 'Delete the named service account from AD (Remove-ADUser)')) {
        Remove-ADUser -Identity $user -Confirm:$false
    }
}
if ($WhatIfPreference) {
    Write-Host 'WhatIf: nothing was changed.'
} else {
    Write-Host ('removed ' + $ServiceName + $(if ($RemoveData) { '' } else { ' (kept ' + $data + ')' }))
}
