<#
.SYNOPSIS
    Test helper: every Exchange cmdlet parameter a script passes exists in Microsoft's reference
    (src/lab/cmdlet-parameters.json) for each Exchange version the call can run on. Works on the
    scripts' syntax trees: named parameters, and the keys of a splatted hashtable (its literal and
    later `$h.Key = ...` assignments). A call under `if ($ExchangeVersion -eq '2010')` (and the like,
    also through a variable such as `$mapi = @('2016', ...) -contains $ExchangeVersion`) is checked
    only for the versions that reach it.
.PARAMETER Path
    The .ps1 files to check.
.PARAMETER Table
    The generated parameter table (cmdlet-parameters.json).
.PARAMETER Only
    Per file name, the versions it runs on (default: all five).
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][string[]]$Path, [Parameter(Mandatory = $true)][string]$Table, [hashtable]$Only = @{})
$cmdlets = (ConvertFrom-Json -InputObject ([System.IO.File]::ReadAllText($Table))).cmdlets
$all = @('2010', '2013', '2016', '2019', 'SE')
$common = @('Verbose', 'Debug', 'ErrorAction', 'WarningAction', 'InformationAction', 'ErrorVariable', 'WarningVariable', 'InformationVariable', 'OutVariable', 'OutBuffer', 'PipelineVariable')
$problems = @()
$checked = 0

function Get-Value([string]$Text, [string]$Version, [hashtable]$Derived) {
    # Evaluates a condition that depends only on $ExchangeVersion (and derived variables); $null: unknown.
    $vars = @([regex]::Matches($Text, '\$(\w+)') | ForEach-Object { $_.Groups[1].Value } | Where-Object { $_ -ne 'true' -and $_ -ne 'false' -and $_ -ne 'null' })
    foreach ($v in $vars) { if ($v -ne 'ExchangeVersion' -and -not $Derived.ContainsKey($v)) { return $null } }
    if (-not @($vars).Count) { return $null }
    $block = [scriptblock]::Create("param(`$ExchangeVersion, `$__d) foreach (`$k in `$__d.Keys) { Set-Variable -Name `$k -Value `$__d[`$k] }; [bool]($Text)")
    try { return [bool](& $block $Version $Derived) } catch { return $null }
}

function Get-Truth($Ast, [string]$Version, [hashtable]$Derived) {
    # Three-valued: $true, $false, or $null (cannot tell from the version alone).
    if ($Ast -is [System.Management.Automation.Language.PipelineAst] -and $Ast.PipelineElements.Count -eq 1 -and $Ast.PipelineElements[0] -is [System.Management.Automation.Language.CommandExpressionAst]) { return (Get-Truth $Ast.PipelineElements[0].Expression $Version $Derived) }
    if ($Ast -is [System.Management.Automation.Language.ParenExpressionAst]) { return (Get-Truth $Ast.Pipeline $Version $Derived) }
    if ($Ast -is [System.Management.Automation.Language.UnaryExpressionAst] -and @('Not', 'Exclaim') -contains [string]$Ast.TokenKind) {
        $t = Get-Truth $Ast.Child $Version $Derived
        if ($null -eq $t) { return $null }
        return (-not $t)
    }
    if ($Ast -is [System.Management.Automation.Language.BinaryExpressionAst] -and @('And', 'Or') -contains [string]$Ast.Operator) {
        $l = Get-Truth $Ast.Left $Version $Derived
        $r = Get-Truth $Ast.Right $Version $Derived
        if ([string]$Ast.Operator -eq 'And') {
            if ($l -eq $false -or $r -eq $false) { return $false }
            if ($l -eq $true -and $r -eq $true) { return $true }
            return $null
        }
        if ($l -eq $true -or $r -eq $true) { return $true }
        if ($l -eq $false -and $r -eq $false) { return $false }
        return $null
    }
    # `if (Get-Command Get-AuthConfig ...)`: true where that version has the cmdlet.
    $m = [regex]::Match($Ast.Extent.Text, '^\(?\s*Get-Command\s+([\w-]+)')
    if ($m.Success -and $cmdlets.($m.Groups[1].Value)) { return (@($cmdlets.($m.Groups[1].Value).versions) -contains $Version) }
    return (Get-Value $Ast.Extent.Text $Version $Derived)
}

function Test-Reachable($Node, [string]$Version, [hashtable]$Derived) {
    $child = $Node
    $parent = $Node.Parent
    while ($parent) {
        if ($parent -is [System.Management.Automation.Language.IfStatementAst]) {
            $inElse = ($parent.ElseClause -and [object]::ReferenceEquals($parent.ElseClause, $child))
            $before = $true
            foreach ($clause in $parent.Clauses) {
                $t = Get-Truth $clause.Item1 $Version $Derived
                if ([object]::ReferenceEquals($clause.Item2, $child)) {
                    if ($t -eq $false -or -not $before) { return $false }
                    break
                }
                if ($t -eq $true) { $before = $false }
            }
            if ($inElse -and -not $before) { return $false }
        }
        $child = $parent
        $parent = $parent.Parent
    }
    return $true
}

foreach ($file in $Path) {
    $tokens = $null; $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($file, [ref]$tokens, [ref]$errors)
    $versions = $all
    $leaf = Split-Path -Leaf $file
    if ($Only.ContainsKey($leaf)) { $versions = @($Only[$leaf]) }
    foreach ($version in $versions) {
        # Variables computed from the version alone, e.g. $mapi = @('2016', '2019', 'SE') -contains $ExchangeVersion.
        $derived = @{}
        foreach ($a in @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.AssignmentStatementAst] -and $n.Left -is [System.Management.Automation.Language.VariableExpressionAst] }, $true))) {
            $v = Get-Value $a.Right.Extent.Text $version $derived
            if ($null -ne $v -and $a.Right.Extent.Text -match '\$ExchangeVersion') { $derived[$a.Left.VariablePath.UserPath] = $v }
        }
        foreach ($command in @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true))) {
            $name = $command.GetCommandName()
            $entry = $null
            if ($name) { $entry = $cmdlets.$name }
            if (-not $entry) { continue }
            if (-not (Test-Reachable $command $version $derived)) { continue }
            $checked++
            if (@($entry.versions) -notcontains $version) { $problems += "${leaf}:$($command.Extent.StartLineNumber): $name does not exist in Exchange $version"; continue }
            $passed = @()
            foreach ($element in $command.CommandElements) {
                if ($element -is [System.Management.Automation.Language.CommandParameterAst]) { $passed += $element.ParameterName }
                if ($element -is [System.Management.Automation.Language.VariableExpressionAst] -and $element.Splatted) {
                    $var = $element.VariablePath.UserPath
                    foreach ($a in @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.AssignmentStatementAst] }, $true))) {
                        if (-not (Test-Reachable $a $version $derived)) { continue }
                        if ($a.Left -is [System.Management.Automation.Language.VariableExpressionAst] -and $a.Left.VariablePath.UserPath -eq $var) {
                            $hash = @($a.Right.FindAll({ param($n) $n -is [System.Management.Automation.Language.HashtableAst] }, $true))
                            if ($hash.Count) { foreach ($pair in $hash[0].KeyValuePairs) { $passed += [string]$pair.Item1.Extent.Text.Trim("'", '"') } }
                        }
                        if ($a.Left -is [System.Management.Automation.Language.MemberExpressionAst] -and [string]$a.Left.Expression.Extent.Text -eq "`$$var") { $passed += [string]$a.Left.Member.Extent.Text }
                    }
                }
            }
            foreach ($p in $passed) {
                if ($common -contains $p) { continue }
                $has = $entry.parameters.$p
                if (-not $has -or @($has) -notcontains $version) { $problems += "${leaf}:$($command.Extent.StartLineNumber): $name -$p does not exist in Exchange $version" }
            }
        }
    }
}
@{ files = @($Path).Count; checked = $checked; problems = @($problems) }
