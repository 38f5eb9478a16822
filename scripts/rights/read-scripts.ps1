<#
.SYNOPSIS
    Reads step scripts with PowerShell's own parser and lists each command they call, with its parameters.
.DESCRIPTION
    For each file: the commands called by name (CommandAst), each with the parameters named at the
    call (-Name), the keys of hashtables splatted into it (@new, where $new = @{...} and
    $new.Key = ... in the same file), and, per parameter, the constant values passed and the
    validation of the script parameter passed to it (ValidateSet/ValidatePattern), so that a JEA
    role capability can restrict the parameter as the bot's own input rules do. Also: the functions
    the file defines (not commands to grant) and the files it dot-sources through $PSScriptRoot.
    Writes one JSON document to standard output.
.PARAMETER ListFile
    A text file naming the .ps1 files to read, one path a line.
#>
param([Parameter(Mandatory = $true)][string]$ListFile)
$Path = @(Get-Content -LiteralPath $ListFile | Where-Object { $_.Trim() })

function Get-Validation {
    # The ValidateSet / ValidatePattern of a script parameter, if any.
    param($ParameterAst)
    $out = @{}
    foreach ($attribute in $ParameterAst.Attributes) {
        $name = $attribute.TypeName.Name
        if ($name -eq 'ValidateSet') { $out['set'] = @($attribute.PositionalArguments | ForEach-Object { [string]$_.Value }) }
        if ($name -eq 'ValidatePattern') { $out['pattern'] = [string]$attribute.PositionalArguments[0].Value }
    }
    $out
}

$files = @()
foreach ($file in $Path) {
    $tokens = $null
    $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($file, [ref]$tokens, [ref]$errors)
    $scriptParams = @{}
    if ($ast.ParamBlock) {
        foreach ($p in $ast.ParamBlock.Parameters) { $scriptParams[$p.Name.VariablePath.UserPath] = Get-Validation $p }
    }
    $functions = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $true) | ForEach-Object { $_.Name })
    # Splat tables: $x = @{ A = ...; B = ... }, $x.C = ..., $x['D'] = ...
    $splatKeys = @{}
    foreach ($assign in $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.AssignmentStatementAst] }, $true)) {
        $left = $assign.Left
        if ($left -is [System.Management.Automation.Language.ConvertExpressionAst]) { $left = $left.Child }
        $var = $null
        $key = $null
        if ($left -is [System.Management.Automation.Language.VariableExpressionAst]) {
            $var = $left.VariablePath.UserPath
            $right = $assign.Right
            if ($right -is [System.Management.Automation.Language.CommandExpressionAst]) { $right = $right.Expression }
            if ($right -is [System.Management.Automation.Language.ArrayExpressionAst] -or $right -is [System.Management.Automation.Language.ArrayLiteralAst]) {
                $splatKeys[$var] = @('(positional)')
            }
            if ($right -is [System.Management.Automation.Language.HashtableAst]) {
                if (-not $splatKeys.ContainsKey($var)) { $splatKeys[$var] = @() }
                foreach ($pair in $right.KeyValuePairs) { $splatKeys[$var] += [string]$pair.Item1.Value }
            }
            continue
        }
        if ($left -is [System.Management.Automation.Language.MemberExpressionAst] -and $left.Expression -is [System.Management.Automation.Language.VariableExpressionAst]) {
            $var = $left.Expression.VariablePath.UserPath
            $key = [string]$left.Member.Value
        } elseif ($left -is [System.Management.Automation.Language.IndexExpressionAst] -and $left.Target -is [System.Management.Automation.Language.VariableExpressionAst] -and $left.Index -is [System.Management.Automation.Language.StringConstantExpressionAst]) {
            $var = $left.Target.VariablePath.UserPath
            $key = [string]$left.Index.Value
        }
        if ($var -and $key) {
            if (-not $splatKeys.ContainsKey($var)) { $splatKeys[$var] = @() }
            $splatKeys[$var] += $key
        }
    }
    $commands = @()
    $problems = @()
    foreach ($command in $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true)) {
        $name = $command.GetCommandName()
        if (-not $name -or $command.InvocationOperator -eq 'Dot' -and -not ($name -match '^[A-Za-z]+-[A-Za-z]+$')) { continue }
        if ($name -notmatch '^[A-Za-z]+-[A-Za-z0-9]+$' -and $name -notmatch '^[A-Za-z]+$') { continue }
        $parameters = @{}
        $elements = $command.CommandElements
        for ($i = 1; $i -lt $elements.Count; $i++) {
            $element = $elements[$i]
            if ($element -is [System.Management.Automation.Language.CommandParameterAst]) {
                $pname = $element.ParameterName
                $argument = $element.Argument
                if ($null -eq $argument -and ($i + 1) -lt $elements.Count -and -not ($elements[$i + 1] -is [System.Management.Automation.Language.CommandParameterAst])) {
                    $argument = $elements[$i + 1]
                    $i++
                }
                if (-not $parameters.ContainsKey($pname)) { $parameters[$pname] = @{ values = @(); validations = @(); open = $false; switch = $false } }
                $entry = $parameters[$pname]
                if ($null -eq $argument) { $entry.switch = $true; continue }
                if ($argument -is [System.Management.Automation.Language.StringConstantExpressionAst] -or $argument -is [System.Management.Automation.Language.ConstantExpressionAst]) {
                    $entry.values += [string]$argument.Value
                } elseif ($argument -is [System.Management.Automation.Language.VariableExpressionAst] -and $scriptParams.ContainsKey($argument.VariablePath.UserPath) -and $scriptParams[$argument.VariablePath.UserPath].Count -gt 0) {
                    $entry.validations += , $scriptParams[$argument.VariablePath.UserPath]
                } else {
                    $entry.open = $true
                }
            } elseif ($element -is [System.Management.Automation.Language.VariableExpressionAst] -and $element.Splatted) {
                $var = $element.VariablePath.UserPath
                if ($splatKeys.ContainsKey($var)) {
                    foreach ($key in $splatKeys[$var]) { if (-not $parameters.ContainsKey($key)) { $parameters[$key] = @{ values = @(); validations = @(); open = $true; switch = $false } } }
                } else {
                    $problems += ('line ' + $element.Extent.StartLineNumber + ': @' + $var + ' is splatted into ' + $name + ' but its keys cannot be read from the script')
                }
            } elseif ($i -ge 1) {
                # A positional argument: the cmdlet's first positional parameter (Identity for most).
                if (-not $parameters.ContainsKey('(positional)')) { $parameters['(positional)'] = @{ values = @(); validations = @(); open = $true; switch = $false } }
            }
        }
        $commands += @{ name = $name; line = $command.Extent.StartLineNumber; parameters = $parameters }
    }
    $dotSourced = @()
    foreach ($command in $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] -and $n.InvocationOperator -eq 'Dot' }, $true)) {
        $text = $command.CommandElements[0].Extent.Text
        if ($text -match "PSScriptRoot\s+'([^']+)'") { $dotSourced += $Matches[1] }
    }
    $files += @{
        path       = $file
        errors     = @($errors | ForEach-Object { $_.Message })
        functions  = $functions
        dotSourced = $dotSourced
        commands   = $commands
        problems   = $problems
    }
}
ConvertTo-Json -InputObject @{ files = $files } -Depth 10 -Compress
