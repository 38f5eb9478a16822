<#
.SYNOPSIS
    deploy plan: runs the read-only probe of each step for this host, in one call. Read-only.
.PARAMETER Checks
    A list of @{ Id; Script; Params; NeedsSecret } (plain data); each script is run with its Params and -Probe.
.PARAMETER CertificatePassword
    Read on this worker from its secret store, for the checks that open the .pfx.
.PARAMETER SecretProblem
    Why that secret could not be read (those checks then report it).
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][object[]]$Checks, [string]$CertificatePassword = '', [string]$SecretProblem = '')
$results = @{}
foreach ($check in $Checks) {
    $params = @{}
    if ($check.Params) { foreach ($k in $check.Params.Keys) { $params[$k] = $check.Params[$k] } }
    if ($check.NeedsSecret -and $SecretProblem) { $results[[string]$check.Id] = @{ error = $SecretProblem }; continue }
    if ($check.NeedsSecret) { $params.CertificatePassword = $CertificatePassword }
    try {
        $r = & ([string]$check.Script) @params -Probe
        $results[[string]$check.Id] = @{ done = [bool]$r.done; detail = [string]$r.detail }
    } catch {
        $results[[string]$check.Id] = @{ error = $_.Exception.Message }
    }
}
$results
