# Connect-SpuffInstance, -UntilCloudInit and -TimeToLive/-Expired through the built module: DigitalOcean instances
# of the emulator at 127.0.0.1 where a real sshd (tests/tools/test-sshd.sh) with a stand-in cloud-init stands in.
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

Describe 'The machine loop against a real sshd' {
    BeforeEach {
        Initialize-TestEmulator $emulator
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'config' -Body @{ publicAddress = '127.0.0.1' }
        Remove-Item -LiteralPath $env:SPUFF_KNOWN_HOSTS -ErrorAction SilentlyContinue
    }

    Describe 'Connect-SpuffInstance' {
        It 'builds the ssh command line with Spuff''s known hosts checked strictly' {
            $line = [Spuff.PowerShell.ConnectCommandLine]::ForSsh('203.0.113.5', 2222, 'root', '/k/id', '/kh', 'spuff:digitalocean:1@203.0.113.5:2222', $null)

            $line.FileName | Should -Be 'ssh'
            $line.Arguments | Should -Be @('-p', '2222', '-l', 'root', '-i', '/k/id', '-o', 'UserKnownHostsFile=/kh', '-o', 'StrictHostKeyChecking=yes',
                '-o', 'HostKeyAlias=spuff:digitalocean:1@203.0.113.5:2222', '-o', 'CheckHostIP=no', '-t', '203.0.113.5')
        }

        It 'builds docker exec for a container, interactive without -Command' {
            $line = [Spuff.PowerShell.ConnectCommandLine]::ForDocker('unix:///run/d.sock', 'abc123', 'dev', $null)
            $line.FileName | Should -Be 'docker'
            $line.Arguments[0..5] | Should -Be @('-H', 'unix:///run/d.sock', 'exec', '-it', '-u', 'dev')
            $line.Arguments[6] | Should -Be 'abc123'

            $command = [Spuff.PowerShell.ConnectCommandLine]::ForDocker('unix:///run/d.sock', 'abc123', $null, 'echo "a b"')
            $command.Arguments | Should -Be @('-H', 'unix:///run/d.sock', 'exec', '-i', 'abc123', '/bin/sh', '-c', 'echo "a b"')
            $command.ArgumentString | Should -Be '-H unix:///run/d.sock exec -i abc123 /bin/sh -c "echo \"a b\""'
        }

        It 'runs ssh against the real sshd after learning the host key, and writes the output' {
            $box = New-SpuffInstance -Provider do -Name cn-1 -Wait -Timeout 30

            $output = $box | Connect-SpuffInstance -SshPort $sshd.Port -IdentityFile $sshd.ClientKey -Command 'echo one; echo two'

            $output | Should -Be @('one', 'two')
            $LASTEXITCODE | Should -Be 0
            Get-Content $env:SPUFF_KNOWN_HOSTS | Should -Match "^spuff:digitalocean:$($box.Id)@127\.0\.0\.1:$($sshd.Port) ssh-ed25519 "
        }

        It 'lets ssh refuse a changed host key' {
            $box = New-SpuffInstance -Provider do -Name cn-2 -Wait -Timeout 30
            $null = $box | Connect-SpuffInstance -SshPort $sshd.Port -IdentityFile $sshd.ClientKey -Command 'true'
            Reset-TestSshdHostKey $sshd

            $output = $box | Connect-SpuffInstance -SshPort $sshd.Port -IdentityFile $sshd.ClientKey -Command 'echo must-not-run' -ErrorVariable problems -ErrorAction SilentlyContinue

            $output | Should -BeNullOrEmpty
            $LASTEXITCODE | Should -Be 255
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'RemoteCommandFailed,*'
            $problems[0].TargetObject.StdErr | Should -Match 'HOST IDENTIFICATION HAS CHANGED|Host key verification failed'
        }
    }

    Describe '-UntilCloudInit against a real sshd' {
        It 'New-SpuffInstance -UntilCloudInit writes the instance once cloud-init is done' {
            Set-TestCloudInit -Sshd $sshd -State done

            $box = New-SpuffInstance -Provider do -Name ci-ok -UntilCloudInit -SshPort $sshd.Port -IdentityFile $sshd.ClientKey -Timeout 30

            $box.Name | Should -Be 'ci-ok'
            $box.Status | Should -Be 'Active'
        }

        It 'writes the created instance and CloudInitFailed with cloud-init''s own status when it failed' {
            Set-TestCloudInit -Sshd $sshd -State error

            $result = New-SpuffInstance -Provider do -Name ci-bad -UntilCloudInit -SshPort $sshd.Port -IdentityFile $sshd.ClientKey -Timeout 30 -ErrorVariable problems -ErrorAction SilentlyContinue

            $result.Name | Should -Be 'ci-bad'
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'CloudInitFailed,*'
            $problems[0].TargetObject.Id | Should -Be $result.Id
            $problems[0].Exception.Message | Should -Match 'status: error'
            $problems[0].Exception.Message | Should -Match 'Runparts: 1 failures'
        }

        It 'Wait-SpuffInstance -UntilCloudInit times out with the last status while cloud-init runs' {
            Set-TestCloudInit -Sshd $sshd -State running
            $box = New-SpuffInstance -Provider do -Name ci-slow -Wait -Timeout 30

            $result = $box | Wait-SpuffInstance -UntilCloudInit -SshPort $sshd.Port -IdentityFile $sshd.ClientKey -Timeout 2 -ErrorVariable problems -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'WaitTimedOut,*'
            $problems[0].Exception.Message | Should -Match 'cloud-init running'
            $problems[0].TargetObject.Id | Should -Be $box.Id
        }
    }

    Describe '-TimeToLive and -Expired' {
        It 'records the expiry as a tag, shows it, and -Expired lists only the expired instances' {
            $fresh = New-SpuffInstance -Provider do -Name ttl-fresh -TimeToLive 4h -Wait -Timeout 30
            $past = [DateTimeOffset]::UtcNow.AddMinutes(-5).ToUnixTimeSeconds()
            $null = New-SpuffInstance -Provider do -Name ttl-old -Label @{ 'spuff-expires' = "$past" } -Wait -Timeout 30
            $null = New-SpuffInstance -Provider do -Name ttl-none -Wait -Timeout 30

            $fresh.ExpiresAt | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddHours(3.9))
            $fresh.ExpiresAt | Should -BeLessThan ([DateTimeOffset]::UtcNow.AddHours(4.1))
            $wire = Invoke-RestMethod -Uri "$($emulator.ApiUrl)droplets/$($fresh.Id)" -Headers @{ Authorization = 'Bearer test-token' }
            $wire.droplet.tags | Should -Contain "spuff-expires:$($fresh.Labels['spuff-expires'])"
            $fresh.Labels['spuff-expires'] | Should -Match '^\d{10}$'
            (Get-SpuffInstance -Provider do | Format-Table | Out-String) | Should -Match 'ttl-old .* expired'

            $expired = @(Get-SpuffInstance -Provider do -Expired)
            $expired.Name | Should -Be @('ttl-old')
            $expired | Remove-SpuffInstance -Force
            (Get-SpuffInstance -Provider do).Name | Sort-Object | Should -Be @('ttl-fresh', 'ttl-none')
        }

        It 'takes a TimeSpan and rejects what is not a duration at binding' {
            $box = New-SpuffInstance -Provider do -Name ttl-span -TimeToLive ([TimeSpan]::FromMinutes(30))
            $box.ExpiresAt | Should -BeLessThan ([DateTimeOffset]::UtcNow.AddMinutes(31))

            { New-SpuffInstance -Provider do -Name ttl-bad -TimeToLive 'soon' -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,*'
            { New-SpuffInstance -Provider do -Name ttl-neg -TimeToLive '-00:10:00' -ErrorAction Stop } | Should -Throw -ErrorId 'ProviderRequestInvalid,*'
        }

        It 'accepts -IdleShutdown with cloud-config user data and refuses it where it cannot merge' {
            $box = New-SpuffInstance -Provider do -Name idle-1 -UserData "#cloud-config`npackages: [git]`n" -IdleShutdown 30m
            $box.Name | Should -Be 'idle-1'

            { New-SpuffInstance -Provider do -Name idle-3 -UserData "Content-Type: multipart/mixed; boundary=x`n`n--x--" -IdleShutdown 30m -ErrorAction Stop } |
                Should -Throw -ErrorId 'ProviderRequestInvalid,*'
            { New-SpuffInstance -Provider docker -Name idle-2 -IdleShutdown 30m -ErrorAction Stop } | Should -Throw -ErrorId 'ProviderRequestInvalid,*'
        }
    }
}
