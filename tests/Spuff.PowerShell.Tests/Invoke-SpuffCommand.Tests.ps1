# Invoke-SpuffCommand through the built module: DigitalOcean instances of the emulator at 127.0.0.1, where a real
# sshd (tests/tools/test-sshd.sh) stands in for the droplets; host keys in a known-hosts file of this test.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot '../tools/TestSshd.ps1')
    $script:emulator = Get-TestEmulator
    $script:sshd = Start-TestSshd
    $env:SPUFF_KNOWN_HOSTS = Join-Path $sshd.Directory 'spuff_known_hosts'
}

AfterAll {
    Stop-TestSshd $script:sshd
    Remove-TestEmulator $script:emulator
    $env:SPUFF_KNOWN_HOSTS = $null
}

Describe 'Invoke-SpuffCommand over SSH' {
    BeforeEach {
        Initialize-TestEmulator $emulator
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'config' -Body @{ publicAddress = '127.0.0.1' }
        Remove-Item -LiteralPath $env:SPUFF_KNOWN_HOSTS -ErrorAction SilentlyContinue
        $script:ssh = @{ SshPort = $sshd.Port; IdentityFile = $sshd.ClientKey }
    }

    It 'runs a command and returns its output, exit code and instance' {
        $box = New-SpuffInstance -Provider do -Name ic-1 -Wait -Timeout 30

        $result = $box | Invoke-SpuffCommand -Command 'echo hello; whoami' @ssh

        $result | Should -BeOfType Spuff.Core.CommandResult
        $result.StdOut | Should -Be "hello`nroot`n"
        $result.ExitCode | Should -Be 0
        $result.Name | Should -Be 'ic-1'
        $result.InstanceId | Should -Be $box.Id
        $result.Instance.Id | Should -Be $box.Id
        ($result | Format-Table | Out-String) | Should -Match 'ic-1\s+digitalocean\s+0'
    }

    It 'sends the text of a script block as the shell command' {
        $box = New-SpuffInstance -Provider do -Name ic-2 -Wait -Timeout 30

        $result = $box | Invoke-SpuffCommand -ScriptBlock { echo "from a block" } @ssh

        $result.StdOut | Should -Be "from a block`n"
    }

    It 'writes the result and a RemoteCommandFailed error whose TargetObject is the result on a non-zero exit' {
        $box = New-SpuffInstance -Provider do -Name ic-3 -Wait -Timeout 30

        $result = $box | Invoke-SpuffCommand 'echo partial; echo broken >&2; exit 5' @ssh -ErrorVariable failed -ErrorAction SilentlyContinue

        $result.ExitCode | Should -Be 5
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'RemoteCommandFailed,*'
        $failed[0].CategoryInfo.Category | Should -Be 'InvalidResult'
        $failed[0].TargetObject.StdErr | Should -Be "broken`n"
        $failed[0].Exception.Message | Should -BeLike '*exited with 5*broken*'
        { $box | Invoke-SpuffCommand 'exit 1' @ssh -ErrorAction Stop } | Should -Throw -ErrorId 'RemoteCommandFailed,*'
    }

    It 'runs on many piped instances in parallel, one result each' {
        $boxes = 1..4 | ForEach-Object { New-SpuffInstance -Provider do -Name "ic-many-$_" } | Wait-SpuffInstance -Timeout 30

        $results = $boxes | Invoke-SpuffCommand 'sleep 1; echo done' @ssh -ThrottleLimit 4

        $results.Count | Should -Be 4
        ($results.Name | Sort-Object) | Should -Be @('ic-many-1', 'ic-many-2', 'ic-many-3', 'ic-many-4')
        $results.StdOut | Should -Be @("done`n", "done`n", "done`n", "done`n")
        @(Get-Content $env:SPUFF_KNOWN_HOSTS).Count | Should -Be 4
    }

    It 'learns the host key on first contact, refuses a changed one, and Remove-SpuffInstance forgets it' {
        $box = New-SpuffInstance -Provider do -Name ic-key -Wait -Timeout 30
        $null = $box | Invoke-SpuffCommand 'true' @ssh
        $learnt = Get-Content $env:SPUFF_KNOWN_HOSTS
        $learnt | Should -Match "^spuff:digitalocean:$($box.Id)@127\.0\.0\.1:$($sshd.Port) ssh-ed25519 "

        Reset-TestSshdHostKey $sshd
        $result = $box | Invoke-SpuffCommand 'touch /tmp/spuff-must-not-run' @ssh -ErrorVariable refused -ErrorAction SilentlyContinue

        $result | Should -BeNullOrEmpty
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'SshHostKeyChanged,*'
        $refused[0].CategoryInfo.Category | Should -Be 'SecurityError'
        $refused[0].TargetObject.Id | Should -Be $box.Id
        Get-Content $env:SPUFF_KNOWN_HOSTS | Should -Be $learnt

        $box | Remove-SpuffInstance -Force -Verbose 4>&1 | Out-String | Should -Match 'Forgot 1 SSH host key'
        @(Get-Content $env:SPUFF_KNOWN_HOSTS) | Where-Object { $_ -match ":$($box.Id)@" } | Should -BeNullOrEmpty
    }

    It 'reports a refused login per instance as SshAuthenticationFailed and goes on with the others' {
        $boxes = 1..2 | ForEach-Object { New-SpuffInstance -Provider do -Name "ic-auth-$_" } | Wait-SpuffInstance -Timeout 30
        $stranger = Join-Path $sshd.Directory 'stranger'
        & ssh-keygen -q -t ed25519 -N '' -f $stranger

        $result = $boxes | Invoke-SpuffCommand 'true' -SshPort $sshd.Port -IdentityFile $stranger -ErrorVariable problems -ErrorAction SilentlyContinue

        $result | Should -BeNullOrEmpty
        $problems.Count | Should -Be 2
        $problems | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'SshAuthenticationFailed,*' }
        $problems[0].ErrorDetails.RecommendedAction | Should -Match '-IdentityFile'
    }

    It 'rejects a missing identity file before connecting, naming -IdentityFile' {
        $box = New-SpuffInstance -Provider do -Name ic-nokey -Wait -Timeout 30

        { $box | Invoke-SpuffCommand 'true' -SshPort $sshd.Port -IdentityFile /nonexistent/key -ErrorAction Stop } |
            Should -Throw -ErrorId 'ProviderRequestInvalid,*'
        Test-Path $env:SPUFF_KNOWN_HOSTS | Should -BeFalse
    }

    It 'reports an instance whose SSH port does not answer as SshConnectionFailed' {
        $box = New-SpuffInstance -Provider do -Name ic-closed -Wait -Timeout 30
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $closed = $listener.LocalEndpoint.Port; $listener.Stop()

        $null = $box | Invoke-SpuffCommand 'true' -SshPort $closed -IdentityFile $sshd.ClientKey -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems[0].FullyQualifiedErrorId | Should -BeLike 'SshConnectionFailed,*'
        $problems[0].CategoryInfo.Category | Should -Be 'ConnectionError'
    }
}
