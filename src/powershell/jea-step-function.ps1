<#
.SYNOPSIS
    Invoke-ChatOpsStep: the one function of the bot's JEA endpoint on the domain controller (its body).
.DESCRIPTION
    npm run rights fills the ValidateSet in (every script the domain-controller role runs) and puts
    this text, as a script block, into the grant script's data; grant-bot-rights.ps1 (and the tests'
    endpoint) write it into FunctionDefinitions and then fill the scripts root into the written file.
    JEA runs a function's body in the Full language mode, and the body may call commands the client
    cannot see; the client (NoLanguage) can only call it with data: a script of the set and its
    parameters. It answers what ChatOpsRemote.psm1's RunScript answers: @{ ok; json } or
    @{ ok = $false; error = @{ message; category; id } }. Must parse and run on Windows PowerShell 5.1.
.PARAMETER Script
    The script's path relative to the release root, with '/' (jobs/health/get-health.ps1).
.PARAMETER Parameters
    Its parameters (data), splatted.
.PARAMETER ListScripts
    Answers @{ ok; scripts }: the set, which the client checks a step against before sending it.
#>
[CmdletBinding(DefaultParameterSetName = 'Step')]
param(
    [Parameter(Mandatory = $true, ParameterSetName = 'Step')][ValidateSet('@@SCRIPTS@@')][string]$Script,
    [Parameter(ParameterSetName = 'Step')][hashtable]$Parameters = @{},
    [Parameter(Mandatory = $true, ParameterSetName = 'List')][switch]$ListScripts
)
if ($ListScripts) {
    $set = $MyInvocation.MyCommand.Parameters['Script'].Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] }
    return @{ ok = $true; scripts = @($set.ValidValues) }
}
$previous = $global:ErrorActionPreference
$global:ErrorActionPreference = 'Stop'
try {
    $path = Join-Path '@@SCRIPTS_ROOT@@' $Script
    if ($null -eq $Parameters) { $Parameters = @{} }
    $output = & $path @Parameters
    $last = $null
    foreach ($item in @($output)) { $last = $item }
    @{ ok = $true; json = (ConvertTo-Json -InputObject $last -Depth 12 -Compress) }
} catch {
    $record = $_
    @{
        ok    = $false
        error = @{
            message  = $record.Exception.Message
            category = [string]$record.CategoryInfo.Category
            id       = [string]$record.FullyQualifiedErrorId
        }
    }
} finally {
    $global:ErrorActionPreference = $previous
}
