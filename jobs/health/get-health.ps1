<#
.SYNOPSIS
    A short health check of this host: last boot, Exchange services, mailbox databases, mail queue,
    and free space on the drive of the Exchange databases (or the system drive). Read-only.
#>
[CmdletBinding()]
param()
$os = Get-CimInstance Win32_OperatingSystem
$result = @{ LastBootUpTime = $os.LastBootUpTime.ToUniversalTime().ToString('o'); Exchange = $false }
$drive = 'C:'
if (Get-Command Get-MailboxDatabase -ErrorAction SilentlyContinue) {
    $databases = @()
    try { $databases = @(Get-MailboxDatabase -Status -ErrorAction Stop) } catch { $databases = @() }
    if ($databases.Count -gt 0) {
        $result.Exchange = $true
        $result.Databases = @($databases | ForEach-Object { @{ Name = [string]$_.Name; Mounted = [bool]$_.Mounted } })
        $drive = ([string]$databases[0].EdbFilePath).Substring(0, 2)
        $services = @(Get-Service -Name 'MSExchange*' -ErrorAction SilentlyContinue)
        $result.Services = @($services | Where-Object { $_.StartType -eq 'Automatic' } | ForEach-Object { @{ Name = [string]$_.Name; Running = ([string]$_.Status -eq 'Running') } })
        $result.QueueLength = [int](@(Get-Queue -ErrorAction SilentlyContinue) | Measure-Object -Property MessageCount -Sum).Sum
    }
}
$disk = @(Get-CimInstance Win32_LogicalDisk | Where-Object { $_.DeviceID -eq $drive })
if ($disk.Count -gt 0) { $result.Disk = @{ Drive = $drive; Size = [long]$disk[0].Size; Free = [long]$disk[0].FreeSpace } }
$result
