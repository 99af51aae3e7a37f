#requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests, packages and demonstrates Spuff.
.DESCRIPTION
    Tasks:
      Build   - compiles the solution, then lays out the module as it ships in out/Spuff/ (manifest stamped with
                the version of Directory.Build.props, dlls, dependencies/, format file, MAML help and about topic).
      Test    - Build, then runs every xunit project and the Pester tests (in a fresh pwsh that imports
                out/Spuff/Spuff.psd1) and prints "Tests: N passed, N failed" (both added up).
      Package - Build, then publishes out/Spuff to a local file repository (out/repository) with PSResourceGet.
      Demo    - Build, start the DigitalOcean emulator, and run a whole lifecycle with the built module.
      Bench   - Build, then run the benchmark suite (bench/Invoke-SpuffBench.ps1): Spuff against hcloud, the aws CLI
                (moto) and the docker CLI, medians of three, one table of ratios; results in out/bench/results.json.
                Takes several minutes; see docs/performance.md.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Demo
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Demo', 'Bench')]
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
$ModuleOut = Join-Path $Root 'out/Spuff'
$PesterVersion = '6.2.0'

# Runs a program; its output goes to the console (never into a caller's return value), a failure throws.
function Invoke-Native {
    param([string] $File, [string[]] $Arguments)
    & $File @Arguments | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "$File $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

function Get-SpuffVersion {
    [xml] $props = Get-Content -Raw -LiteralPath (Join-Path $Root 'Directory.Build.props')
    $version = @($props.Project.PropertyGroup | ForEach-Object { $_.Version } | Where-Object { $_ })[0]
    if (-not $version) { throw 'Directory.Build.props has no <Version>.' }
    $version
}

function Invoke-Build {
    Invoke-Native dotnet @('build', (Join-Path $Root 'Spuff.PowerShell.sln'), '-c', $Configuration, '--nologo', '-v', 'minimal')
    Invoke-ModuleLayout
}

# out/Spuff/ exactly as it ships. Module root: what PowerShell's default load context sees (the cmdlets, the
# provider contract, and Microsoft.Bcl.AsyncInterfaces for Windows PowerShell 5.1, which must never be private).
# dependencies/: Spuff.Providers and every third-party dll, loaded into the private load context.
function Invoke-ModuleLayout {
    if (Test-Path $ModuleOut) { Remove-Item -Recurse -Force $ModuleOut }
    $dependencies = Join-Path $ModuleOut 'dependencies'
    $null = New-Item -ItemType Directory -Force -Path $dependencies, (Join-Path $ModuleOut 'en-US')

    $cmdletBin = Join-Path $Root "src/Spuff.PowerShell/bin/$Configuration/netstandard2.0"
    foreach ($file in 'Spuff.PowerShell.dll', 'Spuff.Core.dll', 'Spuff.Format.ps1xml', 'Spuff.Types.ps1xml') {
        Copy-Item -LiteralPath (Join-Path $cmdletBin $file) -Destination $ModuleOut
    }

    $publish = Join-Path $Root 'out/obj/providers'
    if (Test-Path $publish) { Remove-Item -Recurse -Force $publish }
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src/Spuff.Providers/Spuff.Providers.csproj'), '-c', $Configuration, '--no-build', '--nologo', '-v', 'quiet', '-o', $publish)
    $rootOnly = @('Spuff.Core.dll', 'Microsoft.Bcl.AsyncInterfaces.dll')
    foreach ($dll in Get-ChildItem -LiteralPath $publish -Filter '*.dll') {
        if ($dll.Name -eq 'Spuff.Core.dll') { continue }
        $target = if ($rootOnly -contains $dll.Name) { $ModuleOut } else { $dependencies }
        Copy-Item -LiteralPath $dll.FullName -Destination $target
    }

    # The licence the manifest names (LicenseUri) and the release notes (ReleaseNotes) ship with the module.
    foreach ($file in 'LICENSE', 'CHANGELOG.md') {
        Copy-Item -LiteralPath (Join-Path $Root $file) -Destination $ModuleOut
    }

    $manifest = Get-Content -Raw -LiteralPath (Join-Path $Root 'Spuff.psd1')
    $version = Get-SpuffVersion
    $manifest = [regex]::Replace($manifest, "ModuleVersion\s*=\s*'[^']*'", "ModuleVersion        = '$version'")
    [System.IO.File]::WriteAllText((Join-Path $ModuleOut 'Spuff.psd1'), $manifest, [System.Text.UTF8Encoding]::new($false))

    $null = & (Join-Path $Root 'tools/Convert-HelpMarkdown.ps1') -Path (Join-Path $Root 'docs/Spuff') -OutputPath (Join-Path $ModuleOut 'en-US')
    Write-Host "Module laid out in $ModuleOut (version $version)"
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

function Install-Pester {
    $manifest = Join-Path $Root ".psmodules/pester/$PesterVersion/tools/Pester.psd1"
    if (-not (Test-Path $manifest)) {
        Invoke-Native dotnet @('package', 'download', "Pester@$PesterVersion", '-o', (Join-Path $Root '.psmodules'))
    }
    $manifest
}

# What the tests need beyond the .NET SDK (dockerd, busybox, hcloud, Prism, a check for moto_server) is installed by
# tools/install-test-prerequisites.sh, only where missing. A failure there is reported, not fatal: the tests that
# need the missing piece fail and are counted, so the run still ends with its "Tests:" line.
function Install-TestPrerequisites {
    $script = Join-Path $Root 'tools/install-test-prerequisites.sh'
    if ($IsWindows -or -not (Test-Path $script)) { return }
    & bash $script | Out-Host
    if ($LASTEXITCODE -ne 0) { Write-Warning "tools/install-test-prerequisites.sh failed with exit code $LASTEXITCODE; some tests will fail." }
}

# Pester runs in a fresh pwsh that imports only out/Spuff/Spuff.psd1, as a user's session would.
function Invoke-PesterTests {
    $pester = Install-Pester
    $results = Join-Path $Root 'out/test-results/pester'
    if (Test-Path $results) { Remove-Item -Recurse -Force $results }
    $null = New-Item -ItemType Directory -Force -Path $results
    $summary = Join-Path $results 'summary.json'
    & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'tests/Spuff.PowerShell.Tests/Invoke-SpuffPester.ps1') `
        -PesterPath $pester -ModulePath (Join-Path $ModuleOut 'Spuff.psd1') -ResultPath $results | Out-Host
    $exitCode = $LASTEXITCODE
    if (-not (Test-Path $summary)) {
        # The child died before it could count: that is a failure, not an empty run.
        Write-Host "Pester run ended with exit code $exitCode and wrote no summary."
        return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 }
    }
    $counts = Get-Content -Raw -LiteralPath $summary | ConvertFrom-Json
    if ($exitCode -ne 0 -and $counts.Failed -eq 0) { $counts.Failed = 1 }
    [pscustomobject]@{ Passed = [int] $counts.Passed; Failed = [int] $counts.Failed; Skipped = [int] $counts.Skipped }
}

function Invoke-Package {
    $repository = Join-Path $Root 'out/repository'
    if (Test-Path $repository) { Remove-Item -Recurse -Force $repository }
    $package = & (Join-Path $Root 'tools/Publish-SpuffModule.ps1') -ModulePath $ModuleOut -RepositoryPath $repository
    Write-Host "Published $($package.Name) to the local repository $repository"
}

function Invoke-Demo {
    & dotnet pwsh -NoProfile -File (Join-Path $Root 'tools/Invoke-SpuffDemo.ps1') -ModulePath (Join-Path $ModuleOut 'Spuff.psd1')
    if ($LASTEXITCODE -ne 0) { throw "The demo failed with exit code $LASTEXITCODE" }
}

# The suite starts its own emulator, moto_server and dockerd; it needs the test prerequisites (hcloud, awscli, docker).
function Invoke-Bench {
    Install-TestPrerequisites
    & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'bench/Invoke-SpuffBench.ps1') `
        -ModulePath (Join-Path $ModuleOut 'Spuff.psd1') -OutputPath (Join-Path $Root 'out/bench') | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "The benchmark suite failed with exit code $LASTEXITCODE" }
}

# 'dotnet pwsh' finds the tool manifest from the current folder.
Push-Location $Root
$built = $false
foreach ($t in $Task) {
    if (-not $built) { Invoke-Build; $built = $true }
    switch ($t) {
        'Build' { }
        'Package' { Invoke-Package }
        'Demo' { Invoke-Demo }
        'Bench' { Invoke-Bench }
        'Test' {
            Install-TestPrerequisites
            $xunit = Invoke-XunitTests
            $pester = Invoke-PesterTests
            $passed = $xunit.Passed + $pester.Passed
            $failed = $xunit.Failed + $pester.Failed
            Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped"
            Write-Host "Pester: $($pester.Passed) passed, $($pester.Failed) failed, $($pester.Skipped) skipped"
            Write-Host "Tests: $passed passed, $failed failed"
            if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
        }
    }
}
