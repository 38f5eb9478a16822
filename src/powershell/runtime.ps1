<#
.SYNOPSIS
    The one entry point through which the worker runs a step script in a warm shell.
.DESCRIPTION
    The worker sends a single line: Invoke-ChatOpsScript -ScriptB64 '...' -ParamsB64 '...'.
    Both arguments are base64 (only [A-Za-z0-9+/=], so nothing in them can be read as code).
    The parameters are JSON, decoded here and splatted: user text is only ever data.
    The script runs in its own scope, with errors stopping it ($ErrorActionPreference = 'Stop');
    its last output object is the result. Exactly one line
    starting with the marker is written back: {"ok":true,"result":...} or
    {"ok":false,"error":{"message","category","id"}}. Non-ASCII characters are escaped so the
    line survives any console code page (Windows PowerShell 5.1 writes in the OEM one).
    A prelude may hand the scripts to another runner (Set-ChatOpsRunner: the windows-remote
    prelude runs them in a PSSession on another server); the line written back is the same, with
    "broken": true added when that runner lost its session during the step.
    Must parse and run on Windows PowerShell 5.1 as well as PowerShell 7.
#>

$script:ChatOpsMarker = '@@chatops-result@@'
$global:ChatOpsRunner = $null

function Set-ChatOpsRunner {
    # The runner gets (path, splat) and answers @{ ok; json } or @{ ok = $false; error } or @{ broken = $true; error }.
    param([Parameter(Mandatory = $true)][scriptblock]$Runner)
    $global:ChatOpsRunner = $Runner
}

function ConvertTo-ChatOpsValue {
    # PSCustomObject (from ConvertFrom-Json) -> hashtable, recursively: 5.1 cannot ask ConvertFrom-Json for hashtables.
    param($Value)
    if ($null -eq $Value) { return $null }
    if ($Value -is [System.Management.Automation.PSCustomObject]) {
        $table = @{}
        foreach ($property in $Value.PSObject.Properties) {
            $table[$property.Name] = ConvertTo-ChatOpsValue $property.Value
        }
        return $table
    }
    if ($Value -is [System.Array]) {
        $items = @()
        foreach ($item in $Value) { $items += , (ConvertTo-ChatOpsValue $item) }
        return , $items
    }
    return $Value
}

function ConvertTo-ChatOpsAsciiJson {
    param($Value)
    ConvertTo-ChatOpsAscii (ConvertTo-Json -InputObject $Value -Depth 12 -Compress)
}

function ConvertTo-ChatOpsAscii {
    param([string]$json)
    $builder = New-Object System.Text.StringBuilder
    foreach ($ch in $json.ToCharArray()) {
        $code = [int]$ch
        if ($code -gt 126 -or ($code -lt 32)) {
            [void]$builder.Append('\u' + $code.ToString('x4'))
        } else {
            [void]$builder.Append($ch)
        }
    }
    return $builder.ToString()
}

function Invoke-ChatOpsScript {
    param(
        [Parameter(Mandatory = $true)][string]$ScriptB64,
        [Parameter(Mandatory = $true)][string]$ParamsB64
    )
    $envelope = $null
    $rawResult = $null
    # Global, not local: functions of script modules (the lab, Import-PSSession's proxies) read
    # preference variables from the global scope, not from their caller's.
    $previousPreference = $global:ErrorActionPreference
    $global:ErrorActionPreference = 'Stop'
    try {
        $path = [System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String($ScriptB64))
        $json = [System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String($ParamsB64))
        $splat = ConvertTo-ChatOpsValue (ConvertFrom-Json -InputObject $json)
        if ($null -eq $splat) { $splat = @{} }
        if ($null -ne $global:ChatOpsRunner) {
            $answer = & $global:ChatOpsRunner $path $splat
            if ($answer.ok) {
                $rawResult = [string]$answer.json
            } else {
                $envelope = @{ ok = $false; error = $answer.error }
                if ($answer.broken) { $envelope['broken'] = $true }
            }
        } else {
            $output = & $path @splat
            $last = $null
            foreach ($item in @($output)) { $last = $item }
            $envelope = @{ ok = $true; result = $last }
        }
    } catch {
        $record = $_
        $envelope = @{
            ok    = $false
            error = @{
                message  = $record.Exception.Message
                category = [string]$record.CategoryInfo.Category
                id       = [string]$record.FullyQualifiedErrorId
            }
        }
    } finally {
        $global:ErrorActionPreference = $previousPreference
    }
    if ($null -ne $rawResult) {
        # The remote side already wrote the result as JSON: passed on as it is.
        [Console]::Out.WriteLine($script:ChatOpsMarker + '{"ok":true,"result":' + (ConvertTo-ChatOpsAscii $rawResult) + '}')
    } else {
        [Console]::Out.WriteLine($script:ChatOpsMarker + (ConvertTo-ChatOpsAsciiJson $envelope))
    }
}
