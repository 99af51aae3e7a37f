# Functions for a private sshd in Pester tests and the demo (dot-source this file). The sshd is
# tests/tools/test-sshd.sh: 127.0.0.1 on a free port, its own host key, a client key in its directory, and a
# stand-in cloud-init driven by the file CloudInitState. Stop it with Stop-TestSshd (by its pid).

function Start-TestSshd {
    [CmdletBinding()]
    param([int] $Port)
    if (-not $Port) {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $Port = $listener.LocalEndpoint.Port; $listener.Stop()
    }
    $directory = Join-Path ([IO.Path]::GetTempPath()) ("spuff-sshd-{0}" -f [guid]::NewGuid().ToString('n').Substring(0, 8))
    $lines = & bash (Join-Path $PSScriptRoot 'test-sshd.sh') start $directory $Port 2>&1
    if ($LASTEXITCODE -ne 0) { throw "Could not start the test sshd (exit $LASTEXITCODE): $($lines -join ' ')" }
    $values = @{}
    foreach ($line in $lines) { $key, $value = "$line" -split '=', 2; if ($null -ne $value) { $values[$key.Trim()] = $value.Trim() } }
    [pscustomobject]@{
        Directory      = $values['SSHD_DIR']
        Port           = [int] $values['SSHD_PORT']
        Pid            = [int] $values['SSHD_PID']
        ClientKey      = $values['CLIENT_KEY']
        CloudInitState = $values['CLOUD_INIT_STATE']
        Fingerprint    = $values['HOST_KEY_FINGERPRINT']
    }
}

# A new host key on the same address and port, as an impostor or a rebuilt machine would have.
function Reset-TestSshdHostKey {
    param([Parameter(Mandatory)] $Sshd)
    $lines = & bash (Join-Path $PSScriptRoot 'test-sshd.sh') rekey $Sshd.Directory $Sshd.Port 2>&1
    if ($LASTEXITCODE -ne 0) { throw "Could not rekey the test sshd: $($lines -join ' ')" }
}

function Set-TestCloudInit {
    param([Parameter(Mandatory)] $Sshd, [Parameter(Mandatory)] [ValidateSet('running', 'done', 'error')] [string] $State)
    Set-Content -LiteralPath $Sshd.CloudInitState -Value $State
}

function Stop-TestSshd {
    param($Sshd)
    if ($Sshd -and $Sshd.Directory) { $null = & bash (Join-Path $PSScriptRoot 'test-sshd.sh') stop $Sshd.Directory 2>&1 }
}

function Test-SshdAvailable {
    ((Test-Path /usr/sbin/sshd) -or (Get-Command sshd -ErrorAction SilentlyContinue)) -and ([Environment]::UserName -eq 'root')
}
