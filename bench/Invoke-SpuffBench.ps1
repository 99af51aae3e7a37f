#requires -Version 7.2
<#
.SYNOPSIS
    Spuff against the official CLIs on one machine, in one run: prints one table of ratios and writes
    out/bench/results.json.
.DESCRIPTION
    Starts what it needs: the emulator (tests/Spuff.Emulator) with -LatencyMs per request and seeded Hetzner
    servers, the hcloud CLI against it, moto_server with the aws CLI, and a private dockerd with the docker CLI.
    Every timed figure is the median of -Repetitions runs, and the runs of the tools being compared are
    interleaved (the order alternates per repetition), so a change in machine load hits both sides alike.

    Measured:
      - whole processes listing spuff-managed servers: `pwsh -c "Import-Module Spuff; (Get-SpuffInstance -Provider
        hetzner | Measure-Object).Count"` vs `hcloud server list -l managed-by=spuff`, at each of -HetznerSizes;
        requests and the most requests in flight at once come from the emulator's request log;
      - the same against moto (aws ec2 describe-instances --filters Name=tag:managed-by,Values=spuff) and a private
        dockerd (docker ps -a --filter label=managed-by=spuff), as whole processes and as a call inside a running
        session (warm), with PowerShell's own start-up (`pwsh -c exit`);
      - time to the first object after Import-Module (Get-SpuffInstance | Select-Object -First 1);
      - peak RSS (VmHWM) of both tools at -RssSizes (latency 0: memory does not depend on it);
      - requests per poll of Wait-SpuffInstance for -WaitBatch servers made by New-SpuffInstance, in an empty
        account and in one of -WaitAccountSize servers, and how long after the last server became ready the wait
        reported it;
      - cold Import-Module (bench/Measure-SpuffImport.ps1).
    Benchmarks print figures: a slow run never fails. A tool that returns the wrong count does (exit code 1).
.PARAMETER Smoke
    Tiny sizes and one repetition: checks that the suite runs and counts correctly (the CI smoke test).
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Bench
.EXAMPLE
    dotnet pwsh ./bench/Invoke-SpuffBench.ps1 -HetznerSizes 2000 -Repetitions 3 -Skip rss, wait
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path (Split-Path -Parent $PSScriptRoot) 'out/Spuff/Spuff.psd1'),
    [string] $OutputPath = (Join-Path (Split-Path -Parent $PSScriptRoot) 'out/bench'),
    [int[]] $HetznerSizes = @(2000, 5000, 10000),
    [int[]] $RssSizes = @(5000, 50000),
    [int] $WaitAccountSize = 10000,
    [int] $WaitBatch = 20,
    [int] $WaitReadyDelayMs = 4000,
    [int] $AwsInstances = 200,
    [int] $Containers = 100,
    [int] $Repetitions = 3,
    [int] $LatencyMs = 50,
    [ValidateSet('hetzner', 'first', 'aws', 'docker', 'rss', 'wait', 'import')]
    [string[]] $Skip = @(),
    [switch] $Smoke
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
. (Join-Path $PSScriptRoot 'BenchSupport.ps1')

if ($Smoke) {
    $HetznerSizes = @(60); $RssSizes = @(60); $WaitAccountSize = 60; $WaitBatch = 3; $WaitReadyDelayMs = 1000
    $AwsInstances = 3; $Containers = 3; $Repetitions = 1
}
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).Path
$null = New-Item -ItemType Directory -Force -Path $OutputPath
$env:POWERSHELL_TELEMETRY_OPTOUT = '1'; $env:POWERSHELL_UPDATECHECK = 'Off'; $env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$HetznerPerPage = 50
$Invariant = [Globalization.CultureInfo]::InvariantCulture
function Test-Section([string] $Name) { $Skip -notcontains $Name }
function New-Token { 'bench-' + [guid]::NewGuid().ToString('n').Substring(0, 12) }
function Get-LoadAverage { try { (Get-Content -LiteralPath '/proc/loadavg' -Raw).Split(' ')[0..2] -join ' ' } catch { 'n/a' } }

$mismatches = [Collections.Generic.List[string]]::new()
function Assert-BenchCount([int] $Actual, [int] $Expected, [string] $What) {
    if ($Actual -ne $Expected) { $mismatches.Add("$What returned $Actual, expected $Expected") ; Write-Warning "$What returned $Actual, expected $Expected" }
}

$spuffList = { param($Provider) "Import-Module '$ModulePath'; (Get-SpuffInstance -Provider $Provider | Measure-Object).Count" }

# One whole-process listing of the spuff-managed Hetzner servers, by Spuff or by the official CLI.
function Invoke-BenchHetznerList([string] $Tool, [hashtable] $Environment, [switch] $MeasureRss) {
    if ($Tool -eq 'spuff') { return Invoke-BenchPwsh -Script (& $spuffList 'hetzner') -Environment $Environment -MeasureRss:$MeasureRss }
    Invoke-BenchProcess -File $hcloud -Arguments @('server', 'list', '-l', 'managed-by=spuff') -Environment $Environment -MeasureRss:$MeasureRss
}

function Get-BenchHetznerCount($Run, [string] $Tool) {
    if ($Tool -eq 'spuff') { return Get-BenchCount $Run 'Spuff (hetzner)' }
    if ($Run.ExitCode -ne 0) { throw "hcloud server list failed (exit $($Run.ExitCode)): $($Run.ErrorText)" }
    [math]::Max(0, $Run.Output.Count - 1)   # less the header line
}
$results = [ordered]@{
    started      = [DateTimeOffset]::UtcNow.ToString('o')
    machine      = [ordered]@{ cores = [Environment]::ProcessorCount; loadAverageAtStart = Get-LoadAverage; pwsh = $PSVersionTable.PSVersion.ToString(); os = [Runtime.InteropServices.RuntimeInformation]::OSDescription }
    parameters   = [ordered]@{ hetznerSizes = $HetznerSizes; rssSizes = $RssSizes; waitAccountSize = $WaitAccountSize; waitBatch = $WaitBatch; awsInstances = $AwsInstances; containers = $Containers; repetitions = $Repetitions; latencyMs = $LatencyMs; smoke = [bool] $Smoke }
    startup      = [Collections.Generic.List[double]]::new()
    hetzner      = [ordered]@{}
    firstObject  = [Collections.Generic.List[object]]::new()
    aws          = [Collections.Generic.List[object]]::new()
    docker       = [Collections.Generic.List[object]]::new()
    rss          = [Collections.Generic.List[object]]::new()
    wait         = [Collections.Generic.List[object]]::new()
    import       = $null
}
foreach ($size in $HetznerSizes) { $results.hetzner["$size"] = [Collections.Generic.List[object]]::new() }

# What was measured against, for the record (a missing tool is reported where it is needed).
function Get-ToolVersion([string] $Command, [string[]] $Arguments) {
    try { ((& $Command @Arguments 2>&1) | Select-Object -First 1 | Out-String).Trim() } catch { 'not installed' }
}
$results.machine.versions = [ordered]@{
    hcloud = Get-ToolVersion 'dpkg-query' @('-W', '-f=${Version}', 'hcloud-cli')
    aws    = Get-ToolVersion 'aws' @('--version')
    docker = Get-ToolVersion 'docker' @('--version')
}
Write-Host "Spuff benchmarks: $($Repetitions) repetition(s), latency $LatencyMs ms, $([Environment]::ProcessorCount) cores, load average $(Get-LoadAverage)"
$emulator = $null; $moto = $null; $engine = $null
try {
    # --- peers ------------------------------------------------------------------------------------------------------
    $emulator = Start-SpuffEmulator -LatencyMs $LatencyMs
    $hcloud = (Get-Command hcloud -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
    if (-not $hcloud -and ((Test-Section 'hetzner') -or (Test-Section 'rss'))) { throw 'The hcloud CLI is not installed (apt-get install hcloud-cli; tools/install-test-prerequisites.sh does it).' }
    $hcloudConfig = Join-Path ([IO.Path]::GetTempPath()) ('spuff-bench-hcloud-' + [guid]::NewGuid().ToString('n') + '.toml')
    $hetznerEnvironment = { param($Token) @{ SPUFF_HETZNER_ENDPOINT = "$($emulator.Url)/v1/"; HETZNER_TOKEN = $Token; HCLOUD_ENDPOINT = "$($emulator.Url)/v1"; HCLOUD_TOKEN = $Token; HCLOUD_CONFIG = $hcloudConfig } }

    Import-Module $ModulePath
    if ((Test-Section 'aws')) {
        $aws = Find-AwsCli
        Write-Host "Starting moto_server and creating $AwsInstances instances ..."
        $moto = Start-BenchMoto
        foreach ($key in $moto.Environment.Keys) { [Environment]::SetEnvironmentVariable($key, $moto.Environment[$key]) }
        $run = Invoke-BenchProcess -File $aws -Environment $moto.Environment -Arguments @('ec2', 'run-instances', '--endpoint-url', $moto.Url,
            '--image-id', 'ami-0d0d0d0d0d0d0d0d1', '--instance-type', 't3.micro', '--count', "$AwsInstances",
            '--tag-specifications', 'ResourceType=instance,Tags=[{Key=managed-by,Value=spuff},{Key=Name,Value=bench}]', '--output', 'text', '--query', 'length(Instances)')
        Assert-BenchCount (Get-BenchCount $run 'aws ec2 run-instances') $AwsInstances 'aws ec2 run-instances'
        $null = (Get-SpuffInstance -Provider aws | Measure-Object).Count   # loads the AWS SDK: the warm figures are warm
    }
    if ((Test-Section 'docker')) {
        Write-Host "Starting a private dockerd and creating $Containers containers ..."
        $engine = & (Join-Path $BenchRoot 'tests/tools/Start-TestDockerd.ps1')
        $env:SPUFF_DOCKER_ENDPOINT = $engine.DockerHost
        $create = "seq 1 $Containers | xargs -P 8 -I{} docker -H '$($engine.DockerHost)' create --label managed-by=spuff --label spuff.name=bench-{} --name bench-{} '$($engine.Image)' sleep 3600 >/dev/null"
        $run = Invoke-BenchProcess -File 'bash' -Arguments @('-c', $create)
        if ($run.ExitCode -ne 0) { throw "Creating containers failed: $($run.ErrorText)" }
        $null = (Get-SpuffInstance -Provider docker | Measure-Object).Count
    }

    # --- interleaved repetitions ------------------------------------------------------------------------------------
    for ($rep = 1; $rep -le $Repetitions; $rep++) {
        Write-Host "Repetition $rep of $Repetitions (load average $(Get-LoadAverage))"
        $results.startup.Add((Invoke-BenchPwsh -Script 'exit').Seconds)
        $spuffFirst = ($rep % 2) -eq 0

        if (Test-Section 'hetzner') {
            foreach ($size in $HetznerSizes) {
                Reset-BenchEmulator -Url $emulator.Url -HetznerServers $size -LatencyMs $LatencyMs
                $sample = [ordered]@{ rep = $rep }
                foreach ($tool in $(if ($spuffFirst) { 'spuff', 'hcloud' } else { 'hcloud', 'spuff' })) {
                    $environment = & $hetznerEnvironment (New-Token)
                    Clear-BenchRequestLog $emulator.Url
                    $run = Invoke-BenchHetznerList -Tool $tool -Environment $environment
                    $count = Get-BenchHetznerCount $run $tool
                    Assert-BenchCount $count $size "$tool server list at $size servers"
                    $log = @(Get-BenchRequestLog $emulator.Url)
                    $sample[$tool] = [ordered]@{ seconds = $run.Seconds; count = $count; requests = $log.Count; maxInFlight = (Get-MaxInFlight $log) }
                }
                $results.hetzner["$size"].Add($sample)
                Write-Host ("  hetzner {0,6}: hcloud {1:F2} s, Spuff {2:F2} s ({3} requests, {4} in flight)" -f $size, $sample.hcloud.seconds, $sample.spuff.seconds, $sample.spuff.requests, $sample.spuff.maxInFlight)
            }
        }

        if (Test-Section 'first') {
            # In the largest account of the run: after Import-Module, the first call (which also loads the providers'
            # dependencies) and a second one (warm).
            $size = ($HetznerSizes | Measure-Object -Maximum).Maximum
            Reset-BenchEmulator -Url $emulator.Url -HetznerServers $size -LatencyMs $LatencyMs
            $script = @"
Import-Module '$ModulePath'
`$times = foreach (`$call in 1, 2) {
    `$watch = [Diagnostics.Stopwatch]::StartNew(); `$first = `$null
    Get-SpuffInstance -Provider hetzner | Select-Object -First 1 | ForEach-Object { `$first = `$watch.Elapsed.TotalMilliseconds }
    `$first
}
[string]::Format([Globalization.CultureInfo]::InvariantCulture, '{0:F1};{1:F1}', `$times[0], `$times[1])
"@
            Clear-BenchRequestLog $emulator.Url
            $run = Invoke-BenchPwsh -Script $script -Environment (& $hetznerEnvironment (New-Token))
            $line = $run.Output | Select-Object -Last 1
            if ($run.ExitCode -ne 0 -or $line -notmatch '^[\d.]+;[\d.]+$') { throw "Time to first object failed: $($run.ErrorText) $line" }
            $cold, $warm = $line -split ';' | ForEach-Object { [double]::Parse($_, $Invariant) }
            $results.firstObject.Add([ordered]@{ rep = $rep; servers = $size; firstCallMs = $cold; warmMs = $warm; requests = @(Get-BenchRequestLog $emulator.Url).Count })
            Write-Host ("  first object: first call {0:F0} ms, warm {1:F0} ms" -f $cold, $warm)
        }

        if (Test-Section 'aws') {
            $sample = [ordered]@{ rep = $rep }
            foreach ($tool in $(if ($spuffFirst) { 'spuff', 'warm', 'startup', 'cli' } else { 'cli', 'startup', 'spuff', 'warm' })) {
                switch ($tool) {
                    'startup' { $results.startup.Add((Invoke-BenchPwsh -Script 'exit').Seconds) }
                    'cli' {
                        $run = Invoke-BenchProcess -File $aws -Environment $moto.Environment -Arguments @('ec2', 'describe-instances', '--endpoint-url', $moto.Url, '--filters', 'Name=tag:managed-by,Values=spuff')
                        if ($run.ExitCode -ne 0) { throw "aws ec2 describe-instances failed: $($run.ErrorText)" }
                        $count = @((($run.Output -join "`n") | ConvertFrom-Json).Reservations | ForEach-Object { $_.Instances }).Count
                        $sample.cli = [ordered]@{ seconds = $run.Seconds; count = $count }
                    }
                    'spuff' {
                        $run = Invoke-BenchPwsh -Script (& $spuffList 'aws') -Environment $moto.Environment
                        $count = Get-BenchCount $run 'Spuff (aws)'
                        $sample.spuff = [ordered]@{ seconds = $run.Seconds; count = $count }
                    }
                    'warm' {
                        $watch = [Diagnostics.Stopwatch]::StartNew()
                        $count = (Get-SpuffInstance -Provider aws | Measure-Object).Count
                        $sample.warm = [ordered]@{ seconds = $watch.Elapsed.TotalSeconds; count = $count }
                    }
                }
                if ($tool -ne 'startup') { Assert-BenchCount $count $AwsInstances "aws ($tool)" }
            }
            $results.aws.Add($sample)
            Write-Host ("  aws: CLI {0:F2} s, Spuff {1:F2} s, in session {2:F3} s" -f $sample.cli.seconds, $sample.spuff.seconds, $sample.warm.seconds)
        }

        if (Test-Section 'docker') {
            $sample = [ordered]@{ rep = $rep }
            $dockerEnvironment = @{ DOCKER_HOST = $engine.DockerHost; SPUFF_DOCKER_ENDPOINT = $engine.DockerHost }
            foreach ($tool in $(if ($spuffFirst) { 'spuff', 'warm', 'startup', 'cli' } else { 'cli', 'startup', 'spuff', 'warm' })) {
                switch ($tool) {
                    'startup' { $results.startup.Add((Invoke-BenchPwsh -Script 'exit').Seconds) }
                    'cli' {
                        $run = Invoke-BenchProcess -File 'docker' -Environment $dockerEnvironment -Arguments @('-H', $engine.DockerHost, 'ps', '-a', '--filter', 'label=managed-by=spuff')
                        if ($run.ExitCode -ne 0) { throw "docker ps failed: $($run.ErrorText)" }
                        $count = [math]::Max(0, $run.Output.Count - 1)
                        $sample.cli = [ordered]@{ seconds = $run.Seconds; count = $count }
                    }
                    'spuff' {
                        $run = Invoke-BenchPwsh -Script (& $spuffList 'docker') -Environment $dockerEnvironment
                        $count = Get-BenchCount $run 'Spuff (docker)'
                        $sample.spuff = [ordered]@{ seconds = $run.Seconds; count = $count }
                    }
                    'warm' {
                        $watch = [Diagnostics.Stopwatch]::StartNew()
                        $count = (Get-SpuffInstance -Provider docker | Measure-Object).Count
                        $sample.warm = [ordered]@{ seconds = $watch.Elapsed.TotalSeconds; count = $count }
                    }
                }
                if ($tool -ne 'startup') { Assert-BenchCount $count $Containers "docker ($tool)" }
            }
            $results.docker.Add($sample)
            Write-Host ("  docker: CLI {0:F3} s, Spuff {1:F2} s, in session {2:F3} s" -f $sample.cli.seconds, $sample.spuff.seconds, $sample.warm.seconds)
        }
    }

    # --- peak memory (latency 0: memory does not depend on it, and 1,000 pages at 50 ms would take a minute) --------
    if (Test-Section 'rss') {
        for ($rep = 1; $rep -le $Repetitions; $rep++) {
            foreach ($size in $RssSizes) {
                Reset-BenchEmulator -Url $emulator.Url -HetznerServers $size -LatencyMs 0
                $sample = [ordered]@{ rep = $rep; servers = $size }
                foreach ($tool in $(if ($rep % 2) { 'hcloud', 'spuff' } else { 'spuff', 'hcloud' })) {
                    $environment = & $hetznerEnvironment (New-Token)
                    $run = Invoke-BenchHetznerList -Tool $tool -Environment $environment -MeasureRss
                    $count = Get-BenchHetznerCount $run $tool
                    Assert-BenchCount $count $size "$tool (peak RSS run) at $size servers"
                    $sample[$tool] = [ordered]@{ peakRssMiB = $run.PeakRssMiB; seconds = $run.Seconds; count = $count }
                }
                $results.rss.Add($sample)
                Write-Host ("  peak RSS at {0,6}: hcloud {1} MiB, Spuff {2} MiB" -f $size, $sample.hcloud.peakRssMiB, $sample.spuff.peakRssMiB)
            }
        }
    }

    # --- batched wait: requests per poll ------------------------------------------------------------------------------
    if (Test-Section 'wait') {
        foreach ($account in 0, $WaitAccountSize) {
            Reset-BenchEmulator -Url $emulator.Url -HetznerServers $account -LatencyMs $LatencyMs -ReadyDelayMs $WaitReadyDelayMs
            $script = @"
Import-Module '$ModulePath'
`$created = foreach (`$i in 1..$WaitBatch) { New-SpuffInstance -Provider hetzner -Name "bench-wait-`$i" -ErrorAction Stop }
`$start = [DateTimeOffset]::UtcNow
`$ready = @(`$created | Wait-SpuffInstance -Timeout 600)
`$end = [DateTimeOffset]::UtcNow
[ordered]@{ created = @(`$created).Count; ready = @(`$ready | Where-Object { "`$(`$_.Status)" -eq 'Active' }).Count; waitStart = `$start.ToString('o'); waitEnd = `$end.ToString('o') } | ConvertTo-Json -Compress
"@
            Clear-BenchRequestLog $emulator.Url
            $run = Invoke-BenchPwsh -Script $script -Environment (& $hetznerEnvironment (New-Token))
            $answer = $run.Output | Select-Object -Last 1
            if ($run.ExitCode -ne 0 -or $answer -notlike '{*') { throw "The batched wait failed: $($run.ErrorText) $answer" }
            $answer = $answer | ConvertFrom-Json -DateKind String
            Assert-BenchCount $answer.ready $WaitBatch "Wait-SpuffInstance (ready) in an account of $account"
            $log = @(Get-BenchRequestLog $emulator.Url)
            $waitStart = [DateTimeOffset]::Parse($answer.waitStart, $Invariant)
            $waitEnd = [DateTimeOffset]::Parse($answer.waitEnd, $Invariant)
            $creates = @($log | Where-Object { $_.Method -eq 'POST' -and $_.Path -eq '/v1/servers' })
            $polls = @($log | Where-Object { $_.Started -ge $waitStart -and $_.Method -eq 'GET' })
            $sizes = Get-PollSizes $polls
            # A server is ready ReadyDelay after the emulator made it (just before its POST was answered).
            $lastReady = ($creates | ForEach-Object { $_.Finished } | Sort-Object -Descending | Select-Object -First 1).AddMilliseconds($WaitReadyDelayMs)
            $sample = [ordered]@{
                account = $account; batch = $WaitBatch; ready = $answer.ready; requests = $polls.Count; polls = $sizes.Count
                requestsPerPoll = $(if ($sizes.Count) { [math]::Round($polls.Count / $sizes.Count, 1) } else { 0 }); maxRequestsPerPoll = ($sizes | Measure-Object -Maximum).Maximum
                listRequests = @($polls | Where-Object Path -EQ '/v1/servers').Count; getRequests = @($polls | Where-Object Path -Like '/v1/servers/*').Count
                waitSeconds = ($waitEnd - $waitStart).TotalSeconds; readinessLagSeconds = ($waitEnd - $lastReady).TotalSeconds; createRequests = $creates.Count
            }
            $results.wait.Add($sample)
            Write-Host ("  wait for {0} in an account of {1}: {2} requests in {3} polls ({4} per poll, at most {5}), reported {6:F2} s after the last became ready" -f `
                    $WaitBatch, $account, $sample.requests, $sample.polls, $sample.requestsPerPoll, $sample.maxRequestsPerPoll, $sample.readinessLagSeconds)
        }
    }

    if (Test-Section 'import') {
        Write-Host 'Cold Import-Module (bench/Measure-SpuffImport.ps1) ...'
        $results.import = & (Join-Path $PSScriptRoot 'Measure-SpuffImport.ps1') -Runs $Repetitions -ModulePath $ModulePath -AsObject
    }
}
finally {
    Stop-SpuffEmulator $emulator
    Stop-BenchMoto $moto
    if ($engine) { & (Join-Path $BenchRoot 'tests/tools/Stop-TestDockerd.ps1') -Engine $engine }
    if ($hcloudConfig) { Remove-Item -LiteralPath $hcloudConfig -ErrorAction SilentlyContinue }
}

# --- the table ------------------------------------------------------------------------------------------------------
$results.machine.loadAverageAtEnd = Get-LoadAverage
$rtt = $LatencyMs / 1000
$startup = Get-Median $results.startup
$importSeconds = if ($results.import) { $results.import.ColdImportMs / 1000 } else { 0 }
function F([object] $Seconds, [string] $Unit = 's') {
    if ($null -eq $Seconds) { return '–' }
    if ($Unit -eq 'ms') { return ('{0:N0} ms' -f ($Seconds * 1000)) }
    '{0:N2} s' -f $Seconds
}
function Ratio($Peer, $Spuff) { if ($Peer -and $Spuff) { '{0:N2}' -f ($Peer / $Spuff) } else { '–' } }
$targets = @{ 2000 = '> 1'; 5000 = '≥ 3'; 10000 = '≥ 5' }
$rows = [Collections.Generic.List[object]]::new()
function Add-Row($Measure, $Spuff, $Peer, $Ratio, $Requests, $Sequential, $Physical, $Target) {
    $rows.Add([ordered]@{ measure = $Measure; spuff = $Spuff; peer = $Peer; ratio = $Ratio; requests = $Requests; sequentialFloor = $Sequential; physicalFloor = $Physical; target = $Target })
}

$summary = [ordered]@{ startupSeconds = $startup; hetzner = [ordered]@{} }
foreach ($size in $HetznerSizes) {
    $samples = $results.hetzner["$size"]
    if (-not $samples -or $samples.Count -eq 0) { continue }
    $spuff = Get-Median ($samples | ForEach-Object { $_.spuff.seconds })
    $peer = Get-Median ($samples | ForEach-Object { $_.hcloud.seconds })
    $inFlight = [int] (Get-Median ($samples | ForEach-Object { $_.spuff.maxInFlight }))
    $requests = [int] (Get-Median ($samples | ForEach-Object { $_.spuff.requests }))
    $pages = [math]::Max(1, [math]::Ceiling($size / $HetznerPerPage))
    $sequential = $pages * $rtt
    $physical = $startup + $importSeconds + $rtt + [math]::Ceiling(($pages - 1) / [math]::Max(1, $inFlight)) * $rtt
    $summary.hetzner["$size"] = [ordered]@{ spuffSeconds = $spuff; hcloudSeconds = $peer; ratio = $(if ($spuff) { $peer / $spuff }); pages = $pages; spuffRequests = $requests; spuffMaxInFlight = $inFlight; sequentialFloorSeconds = $sequential; physicalFloorSeconds = $physical }
    Add-Row ("list {0:N0} Hetzner servers, whole process: hcloud server list" -f $size) (F $spuff) (F $peer) (Ratio $peer $spuff) "$requests / $pages pages, $inFlight in flight" (F $sequential) ("{0} (c = {1})" -f (F $physical), $inFlight) $(if ($targets.ContainsKey($size)) { $targets[$size] } else { '–' })
}
if ($results.firstObject.Count) {
    $first = Get-Median ($results.firstObject | ForEach-Object { $_.firstCallMs })
    $warm = Get-Median ($results.firstObject | ForEach-Object { $_.warmMs })
    $summary.firstObject = [ordered]@{ firstCallMs = $first; warmMs = $warm }
    Add-Row ("time to the first object after Import-Module, {0:N0} servers (first call; warm)" -f $results.firstObject[0].servers) ("{0:N0} ms; {1:N0} ms" -f $first, $warm) '–' '–' '1 page' (F $rtt 'ms') (F $rtt 'ms') '≈ 1 round trip'
}
foreach ($kind in 'aws', 'docker') {
    $samples = $results[$kind]
    if ($samples.Count -eq 0) { continue }
    $spuff = Get-Median ($samples | ForEach-Object { $_.spuff.seconds })
    $warm = Get-Median ($samples | ForEach-Object { $_.warm.seconds })
    $peer = Get-Median ($samples | ForEach-Object { $_.cli.seconds })
    $summary[$kind] = [ordered]@{ spuffSeconds = $spuff; warmSeconds = $warm; cliSeconds = $peer; pwshStartupShare = $(if ($spuff) { $startup / $spuff }) }
    $label = if ($kind -eq 'aws') { "list {0} EC2 instances (moto): aws ec2 describe-instances" -f $AwsInstances } else { "list {0} containers: docker ps -a --filter label=" -f $Containers }
    Add-Row "$label, whole process" ("{0} (pwsh start-up {1:P0})" -f (F $spuff), ($startup / $spuff)) (F $peer) (Ratio $peer $spuff) '–' '–' ("{0} start-up + import" -f (F ($startup + $importSeconds))) '–'
    Add-Row "$label, in a running session (warm)" (F $warm 'ms') (F $peer) (Ratio $peer $warm) '–' '–' '–' '≥ 1'
}
if ($results.rss.Count) {
    $summary.rss = [ordered]@{}
    $sizes = @($RssSizes | Sort-Object)
    foreach ($size in $sizes) {
        $samples = @($results.rss | Where-Object { $_.servers -eq $size })
        $summary.rss["$size"] = [ordered]@{ spuffMiB = Get-Median ($samples | ForEach-Object { $_.spuff.peakRssMiB }); hcloudMiB = Get-Median ($samples | ForEach-Object { $_.hcloud.peakRssMiB }) }
        Add-Row ("peak RSS, {0:N0} servers (latency 0)" -f $size) ("{0:N0} MiB" -f $summary.rss["$size"].spuffMiB) ("{0:N0} MiB" -f $summary.rss["$size"].hcloudMiB) (Ratio $summary.rss["$size"].hcloudMiB $summary.rss["$size"].spuffMiB) '–' '–' '–' '–'
    }
    if ($sizes.Count -ge 2) {
        $small = $summary.rss["$($sizes[0])"]; $large = $summary.rss["$($sizes[-1])"]
        Add-Row ("peak RSS growth {0:N0} → {1:N0} servers" -f $sizes[0], $sizes[-1]) ('{0:N2}×' -f ($large.spuffMiB / $small.spuffMiB)) ('{0:N2}×' -f ($large.hcloudMiB / $small.hcloudMiB)) '–' '–' '–' '–' '≤ 1.20× (Spuff)'
    }
}
foreach ($sample in $results.wait) {
    Add-Row ("Wait-SpuffInstance for {0} new servers in an account of {1:N0}: requests per poll (polls; lag after ready)" -f $sample.batch, $sample.account) ("{0} ({1} polls; {2:N2} s)" -f $sample.requestsPerPoll, $sample.polls, $sample.readinessLagSeconds) '–' '–' ("{0} ({1} list, {2} GET)" -f $sample.requests, $sample.listRequests, $sample.getRequests) '–' '1 per poll' 'a few per poll; ≈ 1 s'
}
if ($results.import) {
    Add-Row 'Import-Module Spuff, cold process (first call after it)' ("{0:N0} ms ({1:N0} ms)" -f $results.import.ColdImportMs, $results.import.FirstCallMs) '–' '–' '–' '–' '–' '–'
}
Add-Row 'PowerShell start-up (pwsh -NoProfile -c exit)' (F $startup) '–' '–' '–' '–' '–' '–'
$results.summary = $summary
$results.table = $rows

$header = '| measure | Spuff | peer | peer ÷ Spuff | requests | sequential floor | physical floor | target |'
$lines = @($header, '| --- | --- | --- | --- | --- | --- | --- | --- |') + @($rows | ForEach-Object { '| ' + (@($_.measure, $_.spuff, $_.peer, $_.ratio, $_.requests, $_.sequentialFloor, $_.physicalFloor, $_.target) -join ' | ') + ' |' })
Write-Host ''
Write-Host ("Spuff benchmarks, {0}; medians of {1}; {2} ms per request; {3} cores, load average {4} at start, {5} at end" -f `
        ([DateTimeOffset]::UtcNow.ToString('yyyy-MM-dd HH:mm', $Invariant) + ' UTC'), $Repetitions, $LatencyMs, [Environment]::ProcessorCount, $results.machine.loadAverageAtStart, $results.machine.loadAverageAtEnd)
$lines | ForEach-Object { Write-Host $_ }
Write-Host ("Physical floor = start-up ({0}: pwsh {1} + Import-Module {2}) + one round trip for the first page + the other pages ÷ requests in flight × round trip." -f (F ($startup + $importSeconds)), (F $startup), (F $importSeconds))
$results.tableMarkdown = $lines -join "`n"
$results.countMismatches = $mismatches
$results.finished = [DateTimeOffset]::UtcNow.ToString('o')
$json = Join-Path $OutputPath 'results.json'
$results | ConvertTo-Json -Depth 8 | Set-Content -LiteralPath $json
Write-Host "Results: $json"
if ($mismatches.Count) {
    Write-Host "Counts that did not match: $($mismatches -join '; ')"
    exit 1
}
