<#
.SYNOPSIS
    Checks comment-based help and parameter types with PowerShell's own parser: a script with a
    param() block has .SYNOPSIS, a .PARAMETER for each parameter and a type on each; a library
    (dot-sourced, no param block) opens with a help comment that has a .SYNOPSIS.
.PARAMETER Path
    The PowerShell files to check.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][string[]]$Path)
$problems = @()
foreach ($file in $Path) {
    $tokens = $null; $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($file, [ref]$tokens, [ref]$errors)
    if ($null -eq $ast.ParamBlock) {
        $first = @($tokens | Where-Object { $_.Kind -ne 'NewLine' })[0]
        if ($null -eq $first -or $first.Kind -ne 'Comment' -or $first.Text -notmatch '\.SYNOPSIS\s+\S') { $problems += "${file}: no .SYNOPSIS in its opening comment" }
        continue
    }
    $help = $ast.GetHelpContent()
    if ($null -eq $help -or -not $help.Synopsis) { $problems += "${file}: no .SYNOPSIS"; continue }
    foreach ($p in $ast.ParamBlock.Parameters) {
        $name = $p.Name.VariablePath.UserPath
        if (-not $help.Parameters.ContainsKey($name.ToUpperInvariant())) { $problems += "${file}: no .PARAMETER $name" }
        $typed = @($p.Attributes | Where-Object { $_ -is [System.Management.Automation.Language.TypeConstraintAst] })
        if ($typed.Count -eq 0) { $problems += "${file}: parameter $name has no type" }
    }
}
@{ files = @($Path).Count; problems = @($problems) }
