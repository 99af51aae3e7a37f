#requires -Version 7.2
<#
.SYNOPSIS
    Builds and tests Spuff.
.DESCRIPTION
    Tasks:
      Build  - compiles the solution.
      Test   - Build, then runs every test (xunit) and prints "Tests: N passed, N failed".
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$Root = $PSScriptRoot
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:POWERSHELL_TELEMETRY_OPTOUT = '1'
$env:POWERSHELL_UPDATECHECK = 'Off'

function Invoke-Native {
    param([string] $File, [string[]] $Arguments)
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$File $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

function Invoke-Build {
    Invoke-Native dotnet @('build', (Join-Path $Root 'Spuff.PowerShell.sln'), '-c', $Configuration, '--nologo', '-v', 'minimal')
}

# Reads the counters of every .trx file under a folder.
function Get-TrxCounts {
    param([string] $Folder)
    $passed = 0; $failed = 0; $skipped = 0
    foreach ($file in Get-ChildItem -Path $Folder -Filter *.trx -Recurse -ErrorAction SilentlyContinue) {
        [xml] $trx = Get-Content -Raw -LiteralPath $file.FullName
        $counters = $trx.TestRun.ResultSummary.Counters
        $passed += [int] $counters.passed
        $failed += [int] $counters.failed + [int] $counters.error + [int] $counters.timeout + [int] $counters.aborted
        $skipped += [int] $counters.notExecuted
    }
    [pscustomobject]@{ Passed = $passed; Failed = $failed; Skipped = $skipped }
}

function Invoke-XunitTests {
    $results = Join-Path $Root 'out/test-results/xunit'
    if (Test-Path $results) { Remove-Item -Recurse -Force $results }
    $projects = Get-ChildItem -Path (Join-Path $Root 'tests') -Filter *.Tests.csproj -Recurse
    $exitCodes = foreach ($project in $projects) {
        & dotnet test $project.FullName -c $Configuration --no-build --nologo `
            --logger 'trx' --logger 'console;verbosity=minimal' --results-directory $results | Out-Host
        $LASTEXITCODE
    }
    $counts = Get-TrxCounts -Folder $results
    if (($exitCodes | Where-Object { $_ -ne 0 }) -and $counts.Failed -eq 0) {
        # A crashed test host writes no failure into the trx; count it so the run cannot look green.
        $counts.Failed = 1
    }
    $counts
}

foreach ($t in $Task) {
    switch ($t) {
        'Build' { Invoke-Build }
        'Test' {
            Invoke-Build
            $xunit = Invoke-XunitTests
            $passed = $xunit.Passed
            $failed = $xunit.Failed
            Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped"
            Write-Host "Tests: $passed passed, $failed failed"
            if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
        }
    }
}
