BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $emulator = Get-TestEmulator
}

AfterAll {
    Remove-TestEmulator $emulator
}

Describe 'Wait-SpuffInstance' {
    BeforeEach {
        Initialize-TestEmulator $emulator -ReadyDelayMs 500
    }

    It 'waits for piped instances together and writes each once ready' {
        $ready = 'a', 'b', 'c' | ForEach-Object { New-SpuffInstance -Provider do -Name $_ } | Wait-SpuffInstance -Timeout 60
        @($ready).Count | Should -Be 3
        $ready | ForEach-Object { $_.Status | Should -Be 'Active'; $_.IPAddress | Should -Not -BeNullOrEmpty }
    }

    It 'polls with one list request per round, not one request per instance' {
        $instances = 1..4 | ForEach-Object { New-SpuffInstance -Provider do -Name "batch-$_" }
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'requests' -Method Delete
        $null = $instances | Wait-SpuffInstance -Timeout 60
        $requests = Get-EmulatorRequest $emulator
        $perInstance = @($requests | Where-Object { $_.method -eq 'GET' -and $_.path -match '^/v2/droplets/\d+$' })
        $lists = @($requests | Where-Object { $_.method -eq 'GET' -and $_.path -eq '/v2/droplets' })
        $perInstance.Count | Should -Be 0
        $lists.Count | Should -BeGreaterThan 0
    }

    It 'fails a Hetzner server whose start failed at once, with the action''s code and no -Timeout advice' {
        $env:SPUFF_HETZNER_ENDPOINT = "$($emulator.Url)/v1/"
        $env:HETZNER_TOKEN = 'hetzner-test-token'
        try {
            $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'hetzner/failed-starts' -Method Post -Body @{ count = 1 }
            $bad = New-SpuffInstance -Provider hetzner -Name hz-failed-start
            $good = New-SpuffInstance -Provider hetzner -Name hz-starts
            $started = [DateTime]::UtcNow
            $ready = $bad, $good | Wait-SpuffInstance -Timeout 120 -ErrorVariable waitErrors -ErrorAction SilentlyContinue
            @($ready).Name | Should -Be 'hz-starts'
            $waitErrors.Count | Should -Be 1
            $waitErrors[0].TargetObject.Id | Should -Be $bad.Id
            $waitErrors[0].Exception.Message | Should -Match 'unknown_error'
            $waitErrors[0].FullyQualifiedErrorId | Should -Not -Match 'WaitTimedOut'
            $waitErrors[0].ErrorDetails.RecommendedAction | Should -Not -Match 'Timeout'
            ([DateTime]::UtcNow - $started).TotalSeconds | Should -BeLessThan 60
        }
        finally {
            Get-SpuffInstance -Provider hetzner | Remove-SpuffInstance -Force
            $env:SPUFF_HETZNER_ENDPOINT = $null
            $env:HETZNER_TOKEN = $null
        }
    }

    It 'rejects an SSH port outside 1-65535 before any request' {
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'requests' -Method Delete
        { Wait-SpuffInstance -Provider do -Id 1 -UntilSsh -SshPort 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Spuff.PowerShell.Commands.WaitSpuffInstanceCommand'
        { New-SpuffInstance -Provider do -Name ssh-port -UntilSsh -SshPort 70000 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Spuff.PowerShell.Commands.NewSpuffInstanceCommand'
        Get-EmulatorRequest $emulator | Should -BeNullOrEmpty
    }

    It 'waits by -Id and -Provider' {
        $instance = New-SpuffInstance -Provider do -Name by-id
        (Wait-SpuffInstance -Provider do -Id $instance.Id -Timeout 60).Status | Should -Be 'Active'
    }

    It 'reports a missing instance as InstanceNotFound and still writes the others' {
        $instance = New-SpuffInstance -Provider do -Name present
        $ready = Wait-SpuffInstance -Provider do -Id '999999', $instance.Id -Timeout 60 -ErrorAction SilentlyContinue -ErrorVariable problems
        $ready.Name | Should -Be 'present'
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'InstanceNotFound,*'
        $problems[0].TargetObject | Should -Be '999999'
    }

    It 'reports a timeout as WaitTimedOut with the instance as TargetObject' {
        Initialize-TestEmulator $emulator -ReadyDelayMs 60000
        $instance = New-SpuffInstance -Provider do -Name late
        $ready = $instance | Wait-SpuffInstance -Timeout 1 -ErrorAction SilentlyContinue -ErrorVariable problems
        $ready | Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -Be 'WaitTimedOut,Spuff.PowerShell.Commands.WaitSpuffInstanceCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $problems[0].TargetObject.Id | Should -Be $instance.Id
    }

    It 'reports a failing poll against every instance still waiting' {
        Initialize-TestEmulator $emulator -ReadyDelayMs 60000
        $instances = 1..2 | ForEach-Object { New-SpuffInstance -Provider do -Name "poll-$_" }
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'faults' -Body @{ method = 'GET'; pathPrefix = '/v2/droplets'; status = 500; count = 50 }
        $instances | Wait-SpuffInstance -Timeout 30 -ErrorAction SilentlyContinue -ErrorVariable problems
        $problems.Count | Should -Be 2
        $problems.FullyQualifiedErrorId | ForEach-Object { $_ | Should -BeLike 'ProviderApiError,*' }
        $problems.TargetObject.Name | Sort-Object | Should -Be @('poll-1', 'poll-2')
    }

    It 'shows progress with a percentage of the timeout' {
        Initialize-TestEmulator $emulator -ReadyDelayMs 1500
        $instances = 1..2 | ForEach-Object { New-SpuffInstance -Provider do -Name "p-$_" }
        $run = Invoke-InRunspace -Script 'param($Instances) $Instances | Wait-SpuffInstance -Timeout 60' -Parameters @{ Instances = $instances }
        $run.Output.Count | Should -Be 2
        $progress = @($run.Streams.Progress | Where-Object RecordType -EQ 'Processing')
        $progress.Count | Should -BeGreaterThan 0
        $progress[0].Activity | Should -Be 'Waiting for 2 instances'
        $progress | ForEach-Object { $_.PercentComplete | Should -BeGreaterOrEqual 0 }
    }

    It 'stops within a second on Ctrl+C' {
        Initialize-TestEmulator $emulator -ReadyDelayMs 600000
        $instance = New-SpuffInstance -Provider do -Name never-ready
        $ps = [powershell]::Create()
        $null = $ps.AddScript("Import-Module '$script:ModulePath'; Wait-SpuffInstance -Provider do -Id $($instance.Id) -Timeout 300")
        $handle = $ps.BeginInvoke()
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while (-not (Get-EmulatorRequest $emulator | Where-Object { $_.path -match "/v2/droplets" -and $_.method -eq 'GET' }) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            Start-Sleep -Milliseconds 300
            $ps.InvocationStateInfo.State | Should -Be 'Running'
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 1
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally { $ps.Dispose() }
    }
}
