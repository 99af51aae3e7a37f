#requires -Version 7.2
<#
.SYNOPSIS
    The one-command demo: a whole Spuff lifecycle against the local DigitalOcean emulator, no cloud account needed.
.DESCRIPTION
    Starts the emulator on a free loopback port, points DigitalOcean at it with a fake token, imports the built
    module and runs, visibly: New-SpuffInstance -Wait (with its progress bar), Get-SpuffInstance,
    New-SpuffSnapshot, New-SpuffInstance -FromSnapshot, then removes everything and stops the emulator.
    Run it through build.ps1: dotnet tool restore && dotnet pwsh ./build.ps1 -Task Demo
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path (Split-Path -Parent $PSScriptRoot) 'out/Spuff/Spuff.psd1'),
    [int] $ReadyDelayMs = 4000,
    [int] $ActionDelayMs = 3000
)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'SpuffEmulator.ps1')

function Show-Step([string] $Text) {
    Write-Host ''
    Write-Host "== $Text" -ForegroundColor Cyan
}

$emulator = Start-SpuffEmulator -ReadyDelayMs $ReadyDelayMs -ActionDelayMs $ActionDelayMs
try {
    Write-Host "DigitalOcean emulator listening on $($emulator.Url)"
    # Only this process and its children see these: the emulator's endpoint and a fake token.
    $env:SPUFF_DIGITALOCEAN_ENDPOINT = $emulator.ApiUrl
    $env:DIGITALOCEAN_TOKEN = 'demo-token'
    Import-Module $ModulePath

    Show-Step 'Get-SpuffProvider'
    Get-SpuffProvider | Format-Table | Out-Host

    Show-Step 'New-SpuffInstance -Provider digitalocean -Name demo-web -Wait (progress bar while it boots)'
    $web = New-SpuffInstance -Provider digitalocean -Name demo-web -Region nyc3 -Wait -Timeout 120
    $web | Format-Table | Out-Host

    Show-Step 'Get-SpuffInstance'
    Get-SpuffInstance | Format-Table | Out-Host

    Show-Step 'New-SpuffSnapshot (progress bar while the provider works)'
    $snapshot = $web | New-SpuffSnapshot -Name demo-golden -Timeout 120
    $snapshot | Format-Table | Out-Host

    Show-Step 'New-SpuffInstance -FromSnapshot, then Wait-SpuffInstance'
    $copy = $snapshot | New-SpuffInstance -Name demo-copy | Wait-SpuffInstance -Timeout 120
    Get-SpuffInstance | Format-Table | Out-Host

    Show-Step 'Remove everything (-Force, no prompt)'
    Get-SpuffInstance | Remove-SpuffInstance -Force -PassThru | Format-Table Name, Id, Provider | Out-Host
    Get-SpuffSnapshot | Remove-SpuffSnapshot -Force -PassThru | Format-Table | Out-Host
    $left = @(Get-SpuffInstance) + @(Get-SpuffSnapshot)
    if ($left.Count -ne 0 -or -not $copy) { throw "The demo left $($left.Count) resources behind." }
    Write-Host 'Everything removed.' -ForegroundColor Green
}
finally {
    Stop-SpuffEmulator $emulator
    Write-Host 'Emulator stopped.'
}
