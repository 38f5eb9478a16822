<#
.SYNOPSIS
    Turns the Windows Server Essentials Dashboard's Exchange integration on (WSE 2012 R2: WSSCmdlets).
#>
[CmdletBinding()]
param()
Enable-ExchangeIntegration
@{ on = $true }
