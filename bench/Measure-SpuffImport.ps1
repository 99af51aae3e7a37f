#requires -Version 7.2
<#
.SYNOPSIS
    Measures Import-Module time of the built module and the time of its first cmdlet call.
.DESCRIPTION
    Starts -Runs cold pwsh processes (no profile). Each one times, with a Stopwatch inside the process,
    Import-Module out/Spuff/Spuff.psd1, then the first cmdlet call that needs a provider
    (Get-SpuffInstance -Provider digitalocean against the local emulator: Spuff.Providers, Polly and
    Microsoft.Extensions.* load into the private context, then one HTTP call), then a second call.
    Prints every run and the medians.
.EXAMPLE
    dotnet pwsh ./bench/Measure-SpuffImport.ps1 -Runs 10
.EXAMPLE
    $import = ./bench/Measure-SpuffImport.ps1 -Runs 3 -AsObject   # medians and samples, nothing printed (Invoke-SpuffBench.ps1)
#>
[CmdletBinding()]
param(
    [int] $Runs = 10,
    [string] $ModulePath = (Join-Path (Split-Path -Parent $PSScriptRoot) 'out/Spuff/Spuff.psd1'),
    [switch] $AsObject
)

$ErrorActionPreference = 'Stop'
. (Join-Path (Split-Path -Parent $PSScriptRoot) 'tools/SpuffEmulator.ps1')
$ModulePath = (Resolve-Path $ModulePath).Path

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $middle = [int][math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$middle] } else { ($sorted[$middle - 1] + $sorted[$middle]) / 2 }
}

$pwsh = if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { @([Environment]::ProcessPath, (Join-Path $PSHOME 'pwsh.dll')) } else { @([Environment]::ProcessPath) }
# Cold: Import-Module Spuff is the first module import of the process, as in a fresh session
# ('pwsh -NoProfile -c "Import-Module out/Spuff/Spuff.psd1"'); it includes PowerShell's own one-time module
# subsystem start-up. Warm: a built-in module (Microsoft.PowerShell.Utility) is imported first, so the
# figure is what Spuff itself adds.
$script = @"
param([switch] `$Warm)
if (`$Warm) { Import-Module Microsoft.PowerShell.Utility }
`$watch = [Diagnostics.Stopwatch]::StartNew()
Import-Module '$ModulePath'
`$import = `$watch.Elapsed.TotalMilliseconds
`$watch.Restart()
`$null = Get-SpuffInstance -Provider digitalocean
`$first = `$watch.Elapsed.TotalMilliseconds
`$watch.Restart()
`$null = Get-SpuffInstance -Provider digitalocean
`$second = `$watch.Elapsed.TotalMilliseconds
'{0:F1};{1:F1};{2:F1}' -f `$import, `$first, `$second
"@
$file = Join-Path ([IO.Path]::GetTempPath()) 'spuff-bench.ps1'
Set-Content -LiteralPath $file -Value $script

$emulator = Start-SpuffEmulator
try {
    $env:SPUFF_DIGITALOCEAN_ENDPOINT = $emulator.ApiUrl
    $env:DIGITALOCEAN_TOKEN = 'bench-token'
    $results = foreach ($mode in 'Cold', 'Warm') {
        foreach ($run in 1..$Runs) {
            $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $file) + $(if ($mode -eq 'Warm') { '-Warm' } else { @() })
            $line = & $pwsh[0] @arguments | Select-Object -Last 1
            $import, $first, $second = $line -split ';' | ForEach-Object { [double]::Parse($_, [Globalization.CultureInfo]::InvariantCulture) }
            [pscustomobject]@{ Mode = $mode; Run = $run; ImportMs = $import; FirstCallMs = $first; SecondCallMs = $second }
        }
    }
}
finally {
    Stop-SpuffEmulator $emulator
    Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue
}

$cold = @($results | Where-Object Mode -EQ 'Cold')
$warm = @($results | Where-Object Mode -EQ 'Warm')
if ($AsObject) {
    return [pscustomobject]@{
        Runs = $Runs; ColdImportMs = Get-Median $cold.ImportMs; WarmImportMs = Get-Median $warm.ImportMs
        FirstCallMs = Get-Median $cold.FirstCallMs; SecondCallMs = Get-Median $cold.SecondCallMs; Samples = $results
    }
}

$results | Format-Table | Out-Host
'Import-Module median, cold process ({0} runs): {1:F1} ms' -f $cold.Count, (Get-Median $cold.ImportMs)
'Import-Module median, after a built-in module ({0} runs): {1:F1} ms' -f $warm.Count, (Get-Median $warm.ImportMs)
'First cmdlet call median (private context + dependencies + 1 HTTP call): {0:F1} ms' -f (Get-Median $cold.FirstCallMs)
'Second cmdlet call median: {0:F1} ms' -f (Get-Median $cold.SecondCallMs)
