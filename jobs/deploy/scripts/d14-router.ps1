<#
.SYNOPSIS
    D14 (on the router, by hand): are ports 25, 80 and 443 of the public IP reachable? A TCP connect
    with a short timeout to each. Read-only.
.PARAMETER PublicIp
    The public IP address the ISP gave.
.PARAMETER Probe
    Only report whether the step is done ({done, detail}); change nothing.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][string]$PublicIp, [switch]$Probe)
$rules = @{ 25 = 'EXCH:25'; 80 = 'WSE:80'; 443 = 'WSE:443' }
$closed = @(25, 80, 443 | Where-Object { -not (Test-NetConnection -ComputerName $PublicIp -Port $_).TcpTestSucceeded })
if (-not $Probe -and $closed.Count) { throw ('Closed from outside: ' + (@($closed | ForEach-Object { "$_ (forward it to $($rules[$_]))" }) -join ', ') + '. Add the forwards on the router, then /exchange deploy run --from D14.') }
$detail = '25, 80 and 443 answer'
if ($closed.Count) { $detail = 'closed from outside: ' + (@($closed | ForEach-Object { "$_ (forward it to $($rules[$_]))" }) -join ', ') }
@{ done = ($closed.Count -eq 0); detail = $detail; closed = @($closed) }
