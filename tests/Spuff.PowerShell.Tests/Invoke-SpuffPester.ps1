#requires -Version 7.2
<#
.SYNOPSIS
    Runs the Pester tests of the module in this (fresh) pwsh process against the built module, with one shared
    emulator, and writes summary.json (Passed, Failed, Skipped) and an NUnit XML report to -ResultPath.
.DESCRIPTION
    Failed counts failed tests plus failed blocks and containers (a test file that cannot even run), so a
    broken file can never look green. Called by build.ps1 -Task Test.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $ResultPath,
    # Test files or folders to run (default: every test file here).
    [string[]] $Path = @($PSScriptRoot)
)

$ErrorActionPreference = 'Stop'
# Plain text: escape codes in failure messages would make the NUnit report invalid XML.
$PSStyle.OutputRendering = 'PlainText'
Import-Module (Resolve-Path $PesterPath).Path -Force
. (Join-Path $PSScriptRoot '../../tools/SpuffEmulator.ps1')

$env:SPUFF_TEST_MODULE = (Resolve-Path $ModulePath).Path
$emulator = $null
if (Test-Path (Get-SpuffEmulatorPath)) {
    $emulator = Start-SpuffEmulator
    $env:SPUFF_TEST_EMULATOR_URL = $emulator.Url
}

try {
    $config = New-PesterConfiguration
    # pwsh -File passes a comma list as one string.
    $config.Run.Path = @($Path | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Detailed'
    $config.TestResult.Enabled = $true
    $config.TestResult.OutputFormat = 'NUnitXml'
    $config.TestResult.OutputPath = Join-Path $ResultPath 'pester.xml'
    $result = Invoke-Pester -Configuration $config
    $failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    $summary = [ordered]@{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount + $result.NotRunCount }
    $summary | ConvertTo-Json | Set-Content -LiteralPath (Join-Path $ResultPath 'summary.json')
    exit $(if ($failed -gt 0) { 1 } else { 0 })
}
finally {
    Stop-SpuffEmulator $emulator
}
