<#
.SYNOPSIS
    deploy plan: runs the read-only probe of each step for this host, in one call. Read-only.
.PARAMETER Checks
    A list of @{ Id; Script; Params } (plain data); each script is run with its Params and -Probe.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][object[]]$Checks)
$results = @{}
foreach ($check in $Checks) {
    $params = @{}
    if ($check.Params) { foreach ($k in $check.Params.Keys) { $params[$k] = $check.Params[$k] } }
    try {
        $r = & ([string]$check.Script) @params -Probe
        $results[[string]$check.Id] = @{ done = [bool]$r.done; detail = [string]$r.detail }
    } catch {
        $results[[string]$check.Id] = @{ error = $_.Exception.Message }
    }
}
$results
