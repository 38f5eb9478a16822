<#
.SYNOPSIS
    Turns the Windows Server Essentials Dashboard's Exchange integration off (the guide's U5).
#>
[CmdletBinding()]
param()
Disable-ExchangeIntegration
@{ on = $false }
