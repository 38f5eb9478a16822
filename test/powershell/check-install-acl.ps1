<#
.SYNOPSIS
    Reads install-worker.ps1 with PowerShell's own parser and runs the parts that need no Windows: the
    ACL plan of the install (Get-WorkerAclPlan) and the named account's password maker
    (New-ServicePassword). Lists, too, every command or .NET call of the script that writes a file,
    with the function it is in, and how the secret-holding files are written. Writes one JSON document.
.PARAMETER Path
    install-worker.ps1.
.PARAMETER InstallFolder
    The install folder to plan for.
.PARAMETER Account
    The service account to plan for.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string]$Path,
    [Parameter(Mandatory = $true)][string]$InstallFolder,
    [Parameter(Mandatory = $true)][string]$Account
)
$tokens = $null
$errors = $null
$ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$tokens, [ref]$errors)
$functions = @{}
foreach ($f in $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $true)) { $functions[$f.Name] = $f }

function Get-EnclosingFunction($Node) {
    for ($p = $Node.Parent; $p; $p = $p.Parent) { if ($p -is [System.Management.Automation.Language.FunctionDefinitionAst]) { return $p.Name } }
    ''
}

$plan = @(& $functions['Get-WorkerAclPlan'].Body.GetScriptBlock() -InstallFolder $InstallFolder -ServiceName 'ChatOpsBot' -Account $Account)
$valid = $true
foreach ($entry in $plan) {
    foreach ($rule in $entry.Rules) {
        try {
            [void][System.Security.AccessControl.FileSystemRights]$rule.Rights
            [void][System.Security.AccessControl.InheritanceFlags]$rule.Inheritance
            [void][System.Security.AccessControl.PropagationFlags]$rule.Propagation
        } catch {
            $valid = $false
        }
    }
}
$maker = $functions['New-ServicePassword'].Body.GetScriptBlock()
$passwords = @(& $maker; & $maker; & $maker)

# Every write to a file: cmdlets, and .NET's File.Write*/Append*.
$writers = @('Set-Content', 'Add-Content', 'Out-File', 'Export-Clixml', 'Export-Csv')
$writes = @()
foreach ($c in $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true)) {
    $name = $c.GetCommandName()
    if ($writers -contains $name -or ($name -eq 'New-Item' -and $c.Extent.Text -match '-Value')) { $writes += @{ command = $name; function = (Get-EnclosingFunction $c) } }
}
foreach ($m in $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.InvokeMemberExpressionAst] }, $true)) {
    if ([string]$m.Member -match '^(Write|Append)All') { $writes += @{ command = [string]$m.Member; function = (Get-EnclosingFunction $m) } }
}

# In the writer, the ACL comes before the content; the ACL is protected when its plan says so.
$writer = $functions['Write-ProtectedFile']
$order = @($writer.Body.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true) | ForEach-Object { $_.GetCommandName() })
$setter = $functions['Set-WorkerAcl'].Body
$protects = @($setter.FindAll({ param($n) $n -is [System.Management.Automation.Language.InvokeMemberExpressionAst] -and [string]$n.Member -eq 'SetAccessRuleProtection' }, $true)).Count -gt 0
$setsAcl = @($setter.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] -and $n.GetCommandName() -eq 'Set-Acl' }, $true)).Count -gt 0

# The calls of the writer: which plan entry, which content.
$protectedWrites = @()
foreach ($c in $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] -and $n.GetCommandName() -eq 'Write-ProtectedFile' }, $true)) {
    $arguments = @{}
    $elements = $c.CommandElements
    for ($i = 1; $i -lt $elements.Count - 1; $i++) {
        if ($elements[$i] -is [System.Management.Automation.Language.CommandParameterAst]) { $arguments[$elements[$i].ParameterName] = $elements[$i + 1].Extent.Text }
    }
    $protectedWrites += @{ entry = $arguments['Entry']; value = $arguments['Value'] }
}

ConvertTo-Json -Depth 6 -Compress -InputObject @{
    errors          = @($errors | ForEach-Object { $_.Message })
    plan            = $plan
    rulesValid      = $valid
    passwords       = $passwords
    writes          = $writes
    writerOrder     = $order
    aclProtects     = $protects
    aclSets         = $setsAcl
    protectedWrites = $protectedWrites
}
