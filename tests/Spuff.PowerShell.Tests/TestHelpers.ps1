# Shared by every *.Tests.ps1: dot-source it in BeforeAll. Imports the built module (the path comes from
# Invoke-SpuffPester.ps1, or defaults to out/Spuff) and gives helpers for the emulator and fresh processes.

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
. (Join-Path $script:RepoRoot 'tools/SpuffEmulator.ps1')

$script:ModulePath = if ($env:SPUFF_TEST_MODULE) { $env:SPUFF_TEST_MODULE } else { Join-Path $script:RepoRoot 'out/Spuff/Spuff.psd1' }
Import-Module $script:ModulePath -Force

# The command line of a fresh pwsh, whether this one runs as 'dotnet pwsh' (a .NET tool) or as pwsh itself.
function Get-PwshCommand {
    $process = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { , @($process, (Join-Path $PSHOME 'pwsh.dll')) }
    else { , @($process) }
}

# Runs a script in a fresh pwsh (no profile) and returns its output lines; throws when it exits non-zero.
function Invoke-FreshPwsh {
    param([Parameter(Mandatory)] [string] $Script, [hashtable] $Environment = @{})
    $command = Get-PwshCommand
    $file = Join-Path ([IO.Path]::GetTempPath()) ("spuff-test-{0}.ps1" -f [guid]::NewGuid().ToString('n'))
    Set-Content -LiteralPath $file -Value $Script
    $saved = @{}
    foreach ($key in $Environment.Keys) { $saved[$key] = [Environment]::GetEnvironmentVariable($key); [Environment]::SetEnvironmentVariable($key, $Environment[$key]) }
    try {
        $exe = $command[0]
        $arguments = @($command | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $file)
        $output = & $exe @arguments 2>&1 | ForEach-Object { "$_" }
        if ($LASTEXITCODE -ne 0) { throw "Fresh pwsh exited with $LASTEXITCODE`n$($output -join "`n")" }
        $output
    }
    finally {
        foreach ($key in $saved.Keys) { [Environment]::SetEnvironmentVariable($key, $saved[$key]) }
        Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue
    }
}

# The shared emulator of this run (started by Invoke-SpuffPester.ps1), or one started for this file when the
# file runs alone. Pair it with Remove-TestEmulator in AfterAll, which stops only an emulator of this file.
function Get-TestEmulator {
    if ($env:SPUFF_TEST_EMULATOR_URL) { return [pscustomobject]@{ Process = $null; Url = $env:SPUFF_TEST_EMULATOR_URL; ApiUrl = "$($env:SPUFF_TEST_EMULATOR_URL)/v2/" } }
    Start-SpuffEmulator
}

function Remove-TestEmulator {
    param($Emulator)
    if ($Emulator -and $Emulator.Process) { Stop-SpuffEmulator $Emulator }
}

# Points DigitalOcean at the emulator with a fresh state and a fake token.
function Initialize-TestEmulator {
    param($Emulator, [int] $ReadyDelayMs = 0, [int] $ActionDelayMs = 0)
    $env:SPUFF_DIGITALOCEAN_ENDPOINT = $Emulator.ApiUrl
    $env:DIGITALOCEAN_TOKEN = 'test-token'
    $null = Invoke-SpuffEmulatorControl -Url $Emulator.Url -Path 'reset'
    $null = Invoke-SpuffEmulatorControl -Url $Emulator.Url -Path 'config' -Body @{ readyDelayMs = $ReadyDelayMs; actionDelayMs = $ActionDelayMs; latencyMs = 0; visibilityLagMs = 0 }
}

# The HTTP requests the emulator has seen since its last reset.
function Get-EmulatorRequest {
    param($Emulator)
    # Invoke-RestMethod writes a JSON array as ONE object; enumerate it, or `Get-EmulatorRequest | Where-Object`
    # would test the whole array at once and let everything through.
    @(Invoke-SpuffEmulatorControl -Url $Emulator.Url -Path 'requests' -Method Get | ForEach-Object { $_ })
}

# Runs a script block in a new runspace of this process and returns the PowerShell object with its streams.
function Invoke-InRunspace {
    param([Parameter(Mandatory)] [string] $Script, [hashtable] $Parameters = @{})
    $ps = [powershell]::Create()
    $null = $ps.AddScript("Import-Module '$script:ModulePath'").AddStatement().AddScript($Script)
    foreach ($key in $Parameters.Keys) { $null = $ps.AddParameter($key, $Parameters[$key]) }
    $output = $ps.Invoke()
    [pscustomobject]@{ Output = $output; Streams = $ps.Streams; HadErrors = $ps.HadErrors; PowerShell = $ps }
}

# A PowerShell object in a runspace whose host records the lines written to it (what a user sees after Ctrl+C, when
# the pipeline can take no more output): $result.Lines has 'WARNING: ...' entries. Stop it with $result.PowerShell.Stop().
function New-RecordingHostPowerShell {
    param([Parameter(Mandatory)] [string] $Script)
    if (-not ('SpuffTests.RecordingHost' -as [type])) {
        Add-Type -TypeDefinition @'
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
namespace SpuffTests {
    public sealed class RecordingHost : PSHost {
        private readonly RecordingUI _ui = new RecordingUI();
        public ConcurrentQueue<string> Lines => _ui.Lines;
        public override string Name => "SpuffRecordingHost";
        public override Version Version => new Version(1, 0);
        public override Guid InstanceId { get; } = Guid.NewGuid();
        public override PSHostUserInterface UI => _ui;
        public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
        public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
        public override void SetShouldExit(int exitCode) { }
        public override void EnterNestedPrompt() { }
        public override void ExitNestedPrompt() { }
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }
    }
    public sealed class RecordingUI : PSHostUserInterface {
        public ConcurrentQueue<string> Lines { get; } = new ConcurrentQueue<string>();
        public override PSHostRawUserInterface RawUI => null;
        public override string ReadLine() => string.Empty;
        public override SecureString ReadLineAsSecureString() => new SecureString();
        public override void Write(string value) => Lines.Enqueue(value);
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Lines.Enqueue(value);
        public override void WriteLine(string value) => Lines.Enqueue(value);
        public override void WriteErrorLine(string value) => Lines.Enqueue("ERROR: " + value);
        public override void WriteDebugLine(string message) => Lines.Enqueue("DEBUG: " + message);
        public override void WriteProgress(long sourceId, ProgressRecord record) { }
        public override void WriteVerboseLine(string message) => Lines.Enqueue("VERBOSE: " + message);
        public override void WriteWarningLine(string message) => Lines.Enqueue("WARNING: " + message);
        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => new Dictionary<string, PSObject>();
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => null;
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => null;
        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) => defaultChoice;
    }
}
'@
    }
    $recordingHost = [SpuffTests.RecordingHost]::new()
    $runspace = [runspacefactory]::CreateRunspace($recordingHost)
    $runspace.Open()
    $ps = [powershell]::Create()
    $ps.Runspace = $runspace
    # One statement, not a batch: after Stop() a batch's worker thread can write to an error stream that Dispose()
    # already closed, an unhandled exception that takes the whole test process down (PowerShell's BatchInvocationWorkItem).
    $null = $ps.AddScript("Import-Module '$script:ModulePath'`n$Script")
    [pscustomobject]@{ PowerShell = $ps; Host = $recordingHost; Runspace = $runspace }
}
