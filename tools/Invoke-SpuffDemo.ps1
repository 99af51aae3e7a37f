#requires -Version 7.2
<#
.SYNOPSIS
    The one-command demo: a whole Spuff lifecycle against the local DigitalOcean emulator, no cloud account needed.
.DESCRIPTION
    Starts the emulator on a free loopback port, points DigitalOcean at it with a fake token, imports the built
    module and runs, visibly, the whole machine loop: New-SpuffInstance -TimeToLive 4h, waiting until ready (and, with
    an SSH server, until an SSH login works and cloud-init is done), Invoke-SpuffCommand and its output,
    Get-SpuffInstance -Expired | Remove-SpuffInstance -Force, snapshots, then removes everything.
    The SSH parts need an SSH server: run as root with openssh-server installed and a private sshd on 127.0.0.1
    stands in for the droplets (tests/tools/test-sshd.sh); on a machine with only the .NET SDK they are skipped
    with a message and everything else runs.
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

. (Join-Path $PSScriptRoot '../tests/tools/TestSshd.ps1')

$emulator = Start-SpuffEmulator -ReadyDelayMs $ReadyDelayMs -ActionDelayMs $ActionDelayMs
$sshd = $null
try {
    # The machine loop needs an SSH server to log in to. On a machine with only the .NET SDK there is none, so the
    # demo runs everything else and says what Invoke-SpuffCommand would do. As root with openssh-server installed,
    # a private sshd on 127.0.0.1 stands in for the droplets (the emulator gives them that address).
    if (Test-SshdAvailable) {
        try { $sshd = Start-TestSshd } catch { Write-Host "No private sshd ($($_.Exception.Message)); commands are skipped." -ForegroundColor Yellow }
    }
    if ($sshd) {
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'config' -Body @{ publicAddress = '127.0.0.1' }
        $env:SPUFF_KNOWN_HOSTS = Join-Path $sshd.Directory 'spuff_known_hosts'
        Set-TestCloudInit -Sshd $sshd -State done
    }
    Write-Host "DigitalOcean emulator listening on $($emulator.Url)"
    # Only this process and its children see these: the emulator's endpoint and a fake token.
    $env:SPUFF_DIGITALOCEAN_ENDPOINT = $emulator.ApiUrl
    $env:DIGITALOCEAN_TOKEN = 'demo-token'
    Import-Module $ModulePath

    Show-Step 'Get-SpuffProvider'
    Get-SpuffProvider | Format-Table | Out-Host

    if ($sshd) {
        Show-Step 'New-SpuffInstance -Name demo-web -TimeToLive 4h -UntilCloudInit (ready, SSH login, cloud-init done)'
        $web = New-SpuffInstance -Provider digitalocean -Name demo-web -Region nyc3 -TimeToLive 4h -UntilCloudInit -SshPort $sshd.Port -IdentityFile $sshd.ClientKey -Timeout 120
    }
    else {
        Show-Step 'New-SpuffInstance -Name demo-web -TimeToLive 4h -Wait (progress bar while it boots)'
        $web = New-SpuffInstance -Provider digitalocean -Name demo-web -Region nyc3 -TimeToLive 4h -Wait -Timeout 120
    }
    $web | Format-Table | Out-Host
    Write-Host "ExpiresAt: $($web.ExpiresAt) (label spuff-expires=$($web.Labels['spuff-expires']))"

    Show-Step "Invoke-SpuffCommand 'uname -sr; whoami' (over SSH, host key learnt on first contact)"
    if ($sshd) {
        $result = $web | Invoke-SpuffCommand 'uname -sr; whoami' -SshPort $sshd.Port -IdentityFile $sshd.ClientKey
        $result | Format-Table | Out-Host
        Write-Host "StdOut of $($result.Name), exit code $($result.ExitCode):"
        Write-Host $result.StdOut.TrimEnd()
    }
    else {
        Write-Host 'Skipped: no SSH server to log in to (run as root with openssh-server installed to see it).' -ForegroundColor Yellow
        Write-Host "Against a real cloud: `$web | Invoke-SpuffCommand 'uname -sr; whoami'"
    }

    Show-Step 'A forgotten machine: demo-old, whose time to live ran out an hour ago'
    # The same label -TimeToLive writes, set in the past (as if made five hours ago with -TimeToLive 4h).
    $past = [DateTimeOffset]::UtcNow.AddHours(-1).ToUnixTimeSeconds()
    $null = New-SpuffInstance -Provider digitalocean -Name demo-old -Region nyc3 -Label @{ 'spuff-expires' = "$past" } -Wait -Timeout 120
    Get-SpuffInstance | Format-Table | Out-Host

    Show-Step 'Get-SpuffInstance -Expired | Remove-SpuffInstance -Force (what a scheduled runbook runs)'
    $expired = @(Get-SpuffInstance -Expired)
    $expired | Format-Table | Out-Host
    if ($expired.Count -ne 1 -or $expired[0].Name -ne 'demo-old') { throw "Expected only demo-old to be expired, got: $($expired.Name -join ', ')" }
    $expired | Remove-SpuffInstance -Force

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
    if ($sshd) { Stop-TestSshd $sshd; $env:SPUFF_KNOWN_HOSTS = $null; Write-Host 'Private sshd stopped.' }
    Stop-SpuffEmulator $emulator
    Write-Host 'Emulator stopped.'
}
