<#
.SYNOPSIS
    A short health check of this host: last boot, Exchange services, mailbox databases, mail queue,
    free space on the drive of the Exchange databases (or the system drive), and on an Exchange
    server its build, the Auth certificate's expiry (2013 and later) and every certificate bound
    to IIS or SMTP with its expiry. Read-only.
#>
[CmdletBinding()]
param()
$os = Get-CimInstance Win32_OperatingSystem
$result = @{ LastBootUpTime = $os.LastBootUpTime.ToUniversalTime().ToString('o'); Exchange = $false }
$drive = 'C:'
$now = (Get-Date).ToUniversalTime()
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
        try { $result.Build = [string](Get-ExchangeServer -Identity $env:COMPUTERNAME -ErrorAction Stop).AdminDisplayVersion } catch { }
        $certificates = @()
        try { $certificates = @(Get-ExchangeCertificate -ErrorAction Stop) } catch { $certificates = @() }
        $authThumbprint = ''
        if (Get-Command Get-AuthConfig -ErrorAction SilentlyContinue) {
            try { $authThumbprint = [string](Get-AuthConfig -ErrorAction Stop).CurrentCertificateThumbprint } catch { $authThumbprint = '' }
        }
        $days = { param($c) if ($c.NotAfter) { [int][Math]::Floor(([DateTime]$c.NotAfter).ToUniversalTime().Subtract($now).TotalDays) } else { $null } }
        if ($authThumbprint) {
            $auth = @($certificates | Where-Object { [string]$_.Thumbprint -eq $authThumbprint })
            if ($auth.Count) { $result.AuthCertificate = @{ Thumbprint = $authThumbprint; DaysLeft = (& $days $auth[0]) } } else { $result.AuthCertificate = @{ Thumbprint = $authThumbprint; Missing = $true } }
        }
        $result.Certificates = @($certificates | Where-Object { [string]$_.Services -match 'IIS|SMTP' -and [string]$_.Thumbprint -ne $authThumbprint } | ForEach-Object {
                @{ Subject = [string]$_.Subject; Thumbprint = [string]$_.Thumbprint; Services = [string]$_.Services; DaysLeft = (& $days $_) }
            })
    }
}
$disk = @(Get-CimInstance Win32_LogicalDisk | Where-Object { $_.DeviceID -eq $drive })
if ($disk.Count -gt 0) { $result.Disk = @{ Drive = $drive; Size = [long]$disk[0].Size; Free = [long]$disk[0].FreeSpace } }
$result
