# Starts and stops the DigitalOcean emulator (tests/Spuff.Emulator) for the Pester tests and the demo.
# Dot-source this file. The emulator binds 127.0.0.1 on a free port and exits when its stdin closes.

function Get-SpuffEmulatorPath {
    param([string] $Root = (Split-Path -Parent $PSScriptRoot), [string] $Configuration = 'Release')
    # SPUFF_EMULATOR_DLL points at an emulator built elsewhere (e.g. from another checkout).
    if ($env:SPUFF_EMULATOR_DLL) { return $env:SPUFF_EMULATOR_DLL }
    Join-Path $Root "tests/Spuff.Emulator/bin/$Configuration/net10.0/Spuff.Emulator.dll"
}

function Start-SpuffEmulator {
    [CmdletBinding()]
    param(
        [string] $Path = (Get-SpuffEmulatorPath),
        [int] $ReadyDelayMs = 0,
        [int] $ActionDelayMs = 0,
        [int] $LatencyMs = 0,
        [TimeSpan] $StartTimeout = [TimeSpan]::FromSeconds(60)
    )
    if (-not (Test-Path -LiteralPath $Path)) { throw "The emulator is not built: $Path (run ./build.ps1 -Task Build)." }
    $started = Start-SpuffTestServer -Path $Path -StartTimeout $StartTimeout -Arguments @('--port', '0', '--ready-delay-ms', $ReadyDelayMs, '--action-delay-ms', $ActionDelayMs, '--latency-ms', $LatencyMs)
    [pscustomobject]@{ Process = $started.Process; Url = $started.Url; ApiUrl = "$($started.Url)/v2/" }
}

# Starts a test server dll (the emulator, the fault proxy) with `dotnet`, waits for its "listening on URL" line and
# returns the process and URL. Its stdin stays open: closing it (or this process dying) stops the server.
function Start-SpuffTestServer {
    param([Parameter(Mandatory)] [string] $Path, [string[]] $Arguments = @(), [TimeSpan] $StartTimeout = [TimeSpan]::FromSeconds(60))
    $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in @($Path) + $Arguments) {
        $info.ArgumentList.Add([string] $argument)
    }
    $info.UseShellExecute = $false
    $info.RedirectStandardInput = $true
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($info)
    $deadline = [DateTime]::UtcNow + $StartTimeout
    $url = $null
    while (-not $url -and [DateTime]::UtcNow -lt $deadline) {
        $read = $process.StandardOutput.ReadLineAsync()
        if (-not $read.Wait($deadline - [DateTime]::UtcNow)) { break }
        if ($null -eq $read.Result) { break }
        if ($read.Result -match 'listening on (http://\S+)') { $url = $Matches[1].TrimEnd('/') }
    }
    if (-not $url) {
        try { $process.Kill($true) } catch { }
        throw "$([IO.Path]::GetFileNameWithoutExtension($Path)) did not start: $($process.StandardError.ReadToEnd())"
    }
    # Keep draining its output so it can never block on a full pipe.
    $null = $process.StandardOutput.BaseStream.CopyToAsync([System.IO.Stream]::Null)
    $null = $process.StandardError.BaseStream.CopyToAsync([System.IO.Stream]::Null)
    [pscustomobject]@{ Process = $process; Url = $url }
}

# The fault-injecting proxy (tests/Spuff.FaultProxy) in front of an emulator URL. Stop it with Stop-SpuffEmulator.
function Start-SpuffFaultProxy {
    param(
        [Parameter(Mandatory)] [string] $Upstream,
        [int] $Seed = 1,
        [double] $Rate = 0.2,
        [int] $StallMs = 3000,
        [string[]] $Kinds = @(),
        [string] $Root = (Split-Path -Parent $PSScriptRoot),
        [string] $Configuration = 'Release'
    )
    $path = Join-Path $Root "tests/Spuff.FaultProxy/bin/$Configuration/net10.0/Spuff.FaultProxy.dll"
    if (-not (Test-Path -LiteralPath $path)) { throw "The fault proxy is not built: $path (run ./build.ps1 -Task Build)." }
    $arguments = @('--upstream', $Upstream, '--port', '0', '--seed', $Seed, '--rate', $Rate.ToString([cultureinfo]::InvariantCulture), '--stall-ms', $StallMs)
    if ($Kinds.Count -gt 0) { $arguments += @('--kinds', ($Kinds -join ',')) }
    Start-SpuffTestServer -Path $path -Arguments $arguments
}

function Stop-SpuffEmulator {
    param($Emulator)
    if (-not $Emulator -or -not $Emulator.Process) { return }
    $process = $Emulator.Process
    try { $process.StandardInput.Close() } catch { }
    if (-not $process.WaitForExit(5000)) {
        try { $process.Kill($true) } catch { }
        $null = $process.WaitForExit(5000)
    }
    $process.Dispose()
}

function Invoke-SpuffEmulatorControl {
    param([string] $Url, [string] $Path, [string] $Method = 'Post', $Body)
    $arguments = @{ Uri = "$Url/_emulator/$Path"; Method = $Method }
    if ($null -ne $Body) { $arguments.Body = ($Body | ConvertTo-Json -Depth 5 -Compress); $arguments.ContentType = 'application/json' }
    Invoke-RestMethod @arguments
}
