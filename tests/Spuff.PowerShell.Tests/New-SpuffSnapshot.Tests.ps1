BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $emulator = Get-TestEmulator
}

AfterAll {
    Remove-TestEmulator $emulator
}

Describe 'New-SpuffSnapshot' {
    BeforeEach {
        Initialize-TestEmulator $emulator -ActionDelayMs 1200
        $instance = New-SpuffInstance -Provider do -Name snap-source -Wait -Timeout 60
    }

    It 'snapshots a piped instance and writes the snapshot' {
        $snapshot = $instance | New-SpuffSnapshot -Name golden
        $snapshot | Should -BeOfType ([Spuff.Core.Snapshot])
        $snapshot.Name | Should -Be 'golden'
        $snapshot.Provider | Should -Be 'digitalocean'
        (Get-SpuffSnapshot -Provider do -Name golden).Id | Should -Be $snapshot.Id
    }

    It 'snapshots by -InstanceId and names it after the instance by default' {
        ($instance | New-SpuffSnapshot).Name | Should -Match '^snap-source-\d{8}-\d{6}$'
        (New-SpuffSnapshot -Provider do -InstanceId $instance.Id).Name | Should -Match "^$($instance.Id)-\d{8}-\d{6}$"
    }

    It 'shows progress while the provider works' {
        $run = Invoke-InRunspace -Script 'param($Instance) $Instance | New-SpuffSnapshot -Name progress' -Parameters @{ Instance = $instance }
        $run.Output.Count | Should -Be 1
        @($run.Streams.Progress | Where-Object RecordType -EQ 'Processing').Count | Should -BeGreaterThan 0
    }

    It 'warns on Ctrl+C while the snapshot is being made, naming it' {
        Initialize-TestEmulator $emulator -ActionDelayMs 600000
        $null = New-SpuffInstance -Provider do -Name snap-stop
        $run = New-RecordingHostPowerShell 'Get-SpuffInstance -Provider do -Name snap-stop | New-SpuffSnapshot -Name nightly-1'
        $handle = $run.PowerShell.BeginInvoke()
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while (-not (Get-EmulatorRequest $emulator | Where-Object { $_.method -eq 'GET' -and $_.path -like '/v2/actions/*' }) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            $run.PowerShell.InvocationStateInfo.State | Should -Be 'Running'
            $run.PowerShell.Stop()
        }
        finally {
            # Let the stopped batch finish before closing its runspace (else PowerShell's worker thread crashes).
            try { $null = $run.PowerShell.EndInvoke($handle) } catch { }
            $run.PowerShell.Dispose(); $run.Runspace.Dispose()
        }
        $warning = @($run.Host.Lines | Where-Object { $_ -like 'WARNING:*' })
        $warning.Count | Should -Be 1
        $warning[0] | Should -BeLike "*'nightly-1'*may still finish it*Get-SpuffSnapshot -Provider digitalocean -Name 'nightly-1'*"
    }

    It 'sends nothing with -WhatIf' {
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'requests' -Method Delete
        $instance | New-SpuffSnapshot -Name never -WhatIf | Should -BeNullOrEmpty
        Get-EmulatorRequest $emulator | Should -BeNullOrEmpty
    }

    It 'reports a missing instance as a non-terminating InstanceNotFound error' {
        New-SpuffSnapshot -Provider do -InstanceId 999999 -Name x -ErrorAction SilentlyContinue -ErrorVariable problems
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'InstanceNotFound,*'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
