<#
.SYNOPSIS
    Writes the program's errors and warnings to the Windows Application Event Log: one entry per
    line read on stdin, until stdin closes.
.DESCRIPTION
    A long-lived helper of src/event-log.ts (one process, not one per entry: starting Windows
    PowerShell takes a second or more). Each line on stdin is one JSON object,
    {"entryType":"Error","eventId":1001,"message":"<base64 of the UTF-8 text>"}: the text is data,
    decoded and passed as -Message, never read as PowerShell. Base64 keeps the line ASCII, so the
    console's code page cannot change a character. Each line gets one answer on stdout,
    {"ok":true} or {"ok":false,"error":"..."}; a failed entry never stops the loop.
    Runs on Windows PowerShell 5.1 and PowerShell 7. In the lab (the demo, the tests) it loads the lab
    module first, whose Write-EventLog records the entry in the lab host's calls log.
.PARAMETER Source
    The Event Log source (registered by install-worker.ps1 with New-EventLog): EVENT_LOG_SOURCE.
.PARAMETER LabModule
    The lab module (ExchangeLab.psm1), given only when the targets are the lab.
.PARAMETER LabDir
    The lab's state folder (with LabModule).
.PARAMETER LabHost
    The lab host this program runs on (with LabModule).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidatePattern('^[A-Za-z][A-Za-z0-9 _-]{0,63}$')][string]$Source,
    [string]$LabModule = '',
    [string]$LabDir = '',
    [string]$LabHost = ''
)
$ErrorActionPreference = 'Stop'
if ($LabModule) {
    Import-Module -Name $LabModule -Global -Force -DisableNameChecking
    Connect-Lab -LabDir $LabDir -HostName $LabHost
}
$utf8 = New-Object System.Text.UTF8Encoding($false)
$types = @{ Error = 'Error'; Warning = 'Warning'; Information = 'Information' }

function Write-Answer([hashtable]$Answer) {
    [Console]::Out.WriteLine((ConvertTo-Json -Compress -InputObject $Answer))
    [Console]::Out.Flush()
}

while ($true) {
    $line = [Console]::In.ReadLine()
    if ($null -eq $line) { break }
    if (-not $line.Trim()) { continue }
    try {
        $entry = ConvertFrom-Json -InputObject $line
        $type = $types[[string]$entry.entryType]
        if (-not $type) { throw ('Not an entry type: ' + [string]$entry.entryType) }
        $message = $utf8.GetString([System.Convert]::FromBase64String([string]$entry.message))
        Write-EventLog -LogName Application -Source $Source -EventId ([int]$entry.eventId) -EntryType $type -Message $message
        Write-Answer @{ ok = $true }
    } catch {
        Write-Answer @{ ok = $false; error = [string]$_.Exception.Message }
    }
}
