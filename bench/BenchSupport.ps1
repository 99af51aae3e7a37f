# Helpers of the benchmark suite (dot-sourced by Invoke-SpuffBench.ps1): timed child processes with their peak
# RSS, medians, the emulator's request log (requests, concurrency, polls), and the peers the suite starts (moto,
# the private dockerd). Every process started here is stopped by its own id.

$script:BenchRoot = Split-Path -Parent $PSScriptRoot
. (Join-Path $script:BenchRoot 'tools/SpuffEmulator.ps1')

# The command line of a fresh pwsh, whether this one runs as 'dotnet pwsh' (a .NET tool) or as pwsh itself.
function Get-BenchPwsh {
    $process = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { , @($process, (Join-Path $PSHOME 'pwsh.dll')) }
    else { , @($process) }
}

function Get-Median([double[]] $Values) {
    if (-not $Values -or $Values.Count -eq 0) { return $null }
    $sorted = [double[]] ($Values | Sort-Object)
    $middle = [int][math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$middle] } else { ($sorted[$middle - 1] + $sorted[$middle]) / 2 }
}

# Runs one program to its end and returns Seconds (wall clock, start to exit), ExitCode, Output (stdout lines),
# ErrorText and PeakRssMiB (VmHWM of the process: through /usr/bin/time when installed, else sampled from /proc).
function Invoke-BenchProcess {
    param(
        [Parameter(Mandatory)] [string] $File,
        [string[]] $Arguments = @(),
        [hashtable] $Environment = @{},
        [switch] $MeasureRss,
        [int] $TimeoutSeconds = 900
    )
    $rssFile = $null
    if ($MeasureRss -and (Test-Path -LiteralPath '/usr/bin/time')) {
        $rssFile = [IO.Path]::GetTempFileName()
        $Arguments = @('-f', '%M', '-o', $rssFile, $File) + $Arguments
        $File = '/usr/bin/time'
    }
    $info = [Diagnostics.ProcessStartInfo]::new($File)
    foreach ($argument in $Arguments) { $info.ArgumentList.Add([string] $argument) }
    $info.UseShellExecute = $false
    $info.RedirectStandardInput = $true
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    foreach ($key in $Environment.Keys) { $info.Environment[$key] = [string] $Environment[$key] }

    $watch = [Diagnostics.Stopwatch]::StartNew()
    $process = [Diagnostics.Process]::Start($info)
    try {
        $process.StandardInput.Close()
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        $peakKiB = 0
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
        while (-not $process.WaitForExit(25)) {
            if ($MeasureRss -and -not $rssFile) { $peakKiB = [math]::Max($peakKiB, (Get-ProcessHighWaterKiB $process.Id)) }
            if ([DateTime]::UtcNow -gt $deadline) {
                $process.Kill($true)
                throw "$File timed out after $TimeoutSeconds s."
            }
        }
        $process.WaitForExit()
        $watch.Stop()
        $output = $stdout.GetAwaiter().GetResult()
        $errorText = $stderr.GetAwaiter().GetResult()
        if ($rssFile) {
            $text = (Get-Content -LiteralPath $rssFile -Raw -ErrorAction SilentlyContinue) -split "`n" | Where-Object { $_ -match '^\d+$' } | Select-Object -Last 1
            if ($text) { $peakKiB = [double] $text }
        }
        [pscustomobject]@{
            Seconds    = $watch.Elapsed.TotalSeconds
            ExitCode   = $process.ExitCode
            Output     = @($output -split "`r?`n" | Where-Object { $_ -ne '' })
            ErrorText  = $errorText
            PeakRssMiB = if ($MeasureRss) { [math]::Round($peakKiB / 1024, 1) } else { $null }
        }
    }
    finally {
        if (-not $process.HasExited) { try { $process.Kill($true) } catch { } }
        $process.Dispose()
        if ($rssFile) { Remove-Item -LiteralPath $rssFile -ErrorAction SilentlyContinue }
    }
}

function Get-ProcessHighWaterKiB([int] $ProcessId) {
    try {
        $line = Get-Content -LiteralPath "/proc/$ProcessId/status" -ErrorAction Stop | Where-Object { $_ -like 'VmHWM:*' }
        if ($line -match '(\d+)') { return [double] $Matches[1] }
    }
    catch { }
    0
}

# A child pwsh that runs one script text (no profile, non-interactive).
function Invoke-BenchPwsh {
    param([Parameter(Mandatory)] [string] $Script, [hashtable] $Environment = @{}, [switch] $MeasureRss, [int] $TimeoutSeconds = 900)
    $pwsh = Get-BenchPwsh
    $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command', $Script)
    Invoke-BenchProcess -File $pwsh[0] -Arguments $arguments -Environment $Environment -MeasureRss:$MeasureRss -TimeoutSeconds $TimeoutSeconds
}

# The last line of a child's output as an integer; throws with the child's errors when there is none.
function Get-BenchCount($Run, [string] $What) {
    $last = $Run.Output | Select-Object -Last 1
    $count = 0
    if ($Run.ExitCode -ne 0 -or -not [int]::TryParse("$last", [ref] $count)) {
        throw "$What failed (exit $($Run.ExitCode)): $($Run.ErrorText) $($Run.Output | Select-Object -Last 3)"
    }
    $count
}

# --- the emulator ---------------------------------------------------------------------------------------------------

function Reset-BenchEmulator {
    param([string] $Url, [int] $HetznerServers = 0, [int] $LatencyMs = 0, [int] $ReadyDelayMs = 0)
    $null = Invoke-SpuffEmulatorControl -Url $Url -Path 'reset'
    $null = Invoke-SpuffEmulatorControl -Url $Url -Path 'config' -Body @{ latencyMs = $LatencyMs; readyDelayMs = $ReadyDelayMs; actionDelayMs = 0 }
    if ($HetznerServers -gt 0) {
        $seeded = Invoke-SpuffEmulatorControl -Url $Url -Path 'seed' -Body @{ hetzner = @{ servers = $HetznerServers } }
        if ($seeded.hetzner.servers -ne $HetznerServers) { throw "The emulator seeded $($seeded.hetzner.servers) servers, not $HetznerServers." }
    }
}

function Clear-BenchRequestLog([string] $Url) {
    $null = Invoke-RestMethod -Method Delete -Uri "$Url/_emulator/requests"
}

# The request log with Started/Finished as DateTimeOffset.
function Get-BenchRequestLog([string] $Url) {
    $entries = (Invoke-WebRequest -Uri "$Url/_emulator/requests" -UseBasicParsing).Content | ConvertFrom-Json -DateKind String
    foreach ($entry in @($entries)) {
        [pscustomobject]@{
            Method   = $entry.method
            Path     = $entry.path
            Query    = $entry.query
            Status   = [int] $entry.status
            Started  = [DateTimeOffset]::Parse($entry.started, [Globalization.CultureInfo]::InvariantCulture)
            Finished = [DateTimeOffset]::Parse($entry.finished, [Globalization.CultureInfo]::InvariantCulture)
        }
    }
}

# The most requests that were in flight at the same moment.
function Get-MaxInFlight($Entries) {
    $events = foreach ($e in @($Entries)) {
        [pscustomobject]@{ At = $e.Started.UtcTicks; Delta = 1 }
        [pscustomobject]@{ At = $e.Finished.UtcTicks; Delta = -1 }
    }
    $current = 0; $max = 0
    # At equal times, an answer ends before the next request starts.
    foreach ($event in ($events | Sort-Object At, Delta)) {
        $current += $event.Delta
        if ($current -gt $max) { $max = $current }
    }
    $max
}

# Groups requests into polls: a new poll starts when a request arrives after a quiet gap (nothing in flight) of
# more than -GapMs. Returns the number of requests of each poll, in order.
function Get-PollSizes($Entries, [int] $GapMs = 250) {
    $sizes = [Collections.Generic.List[int]]::new()
    $lastFinished = $null
    foreach ($e in (@($Entries) | Sort-Object { $_.Started.UtcTicks })) {
        if ($null -eq $lastFinished -or ($e.Started - $lastFinished).TotalMilliseconds -gt $GapMs) { $sizes.Add(0) }
        $sizes[$sizes.Count - 1]++
        if ($null -eq $lastFinished -or $e.Finished -gt $lastFinished) { $lastFinished = $e.Finished }
    }
    , $sizes.ToArray()
}

# --- peers ----------------------------------------------------------------------------------------------------------

function Find-MotoServer {
    $moto = (Get-Command moto_server -ErrorAction SilentlyContinue).Source
    if (-not $moto) { $moto = Get-ChildItem "$HOME/.pyenv/versions/*/bin/moto_server" -ErrorAction SilentlyContinue | Select-Object -First 1 -ExpandProperty FullName }
    if (-not $moto) { throw 'moto_server (moto 5.2.1) is not on PATH (pip install "moto[server]==5.2.1").' }
    $moto
}

function Find-AwsCli {
    $aws = (Get-Command aws -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
    if (-not $aws) { throw 'The aws CLI is not installed (apt-get install awscli; tools/install-test-prerequisites.sh does it).' }
    $aws
}

# moto_server on a free loopback port with one Debian 12 AMI, and files that keep the aws CLI away from the
# user's own configuration. Returns Process, Url, Work and the Environment both clients use.
function Start-BenchMoto {
    $work = Join-Path ([IO.Path]::GetTempPath()) ('spuff-bench-moto-' + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $work
    Set-Content -LiteralPath (Join-Path $work 'amis.json') -Value (@(
            @{ ami_id = 'ami-0d0d0d0d0d0d0d0d1'; name = 'debian-12-amd64-20250901-2200'; description = 'Debian 12'; owner_id = '136693071363'
                public = $true; virtualization_type = 'hvm'; architecture = 'x86_64'; state = 'available'; platform = $null; image_type = 'machine'
                hypervisor = 'xen'; root_device_name = '/dev/xvda'; root_device_type = 'ebs'; sriov = 'simple'; creation_date = '2025-09-01T10:00:00.000Z' }
        ) | ConvertTo-Json -AsArray)
    Set-Content -LiteralPath (Join-Path $work 'credentials') -Value "[default]`naws_access_key_id = testing`naws_secret_access_key = testing"
    Set-Content -LiteralPath (Join-Path $work 'config') -Value "[default]`nregion = us-east-1"
    $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()

    $info = [Diagnostics.ProcessStartInfo]::new((Find-MotoServer))
    foreach ($argument in '-H', '127.0.0.1', '-p', "$port") { $info.ArgumentList.Add($argument) }
    $info.WorkingDirectory = $work
    $info.UseShellExecute = $false
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.Environment['MOTO_AMIS_PATH'] = Join-Path $work 'amis.json'
    $process = [Diagnostics.Process]::Start($info)
    $null = $process.StandardOutput.BaseStream.CopyToAsync([IO.Stream]::Null)
    $null = $process.StandardError.BaseStream.CopyToAsync([IO.Stream]::Null)
    $url = "http://127.0.0.1:$port"
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while ($true) {
        try { $null = Invoke-RestMethod -Method Post -Uri "$url/moto-api/reset"; break }
        catch {
            if ($process.HasExited -or [DateTime]::UtcNow -gt $deadline) { Stop-BenchMoto @{ Process = $process; Work = $work }; throw "moto_server did not start on $url." }
            Start-Sleep -Milliseconds 200
        }
    }
    [pscustomobject]@{
        Process     = $process
        Url         = $url
        Work        = $work
        Environment = @{
            SPUFF_AWS_ENDPOINT = $url; AWS_ACCESS_KEY_ID = 'testing'; AWS_SECRET_ACCESS_KEY = 'testing'; AWS_REGION = 'us-east-1'
            AWS_DEFAULT_REGION = 'us-east-1'; AWS_SHARED_CREDENTIALS_FILE = (Join-Path $work 'credentials')
            AWS_CONFIG_FILE = (Join-Path $work 'config'); AWS_EC2_METADATA_DISABLED = 'true'; AWS_PAGER = ''
        }
    }
}

function Stop-BenchMoto($Moto) {
    if (-not $Moto) { return }
    if ($Moto.Process -and -not $Moto.Process.HasExited) { $Moto.Process.Kill($true); $null = $Moto.Process.WaitForExit(5000) }
    if ($Moto.Work) { Remove-Item -Recurse -Force -LiteralPath $Moto.Work -ErrorAction SilentlyContinue }
}
