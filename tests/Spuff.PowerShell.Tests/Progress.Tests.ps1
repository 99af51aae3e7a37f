# Progress bars: real percentages only, names instead of ids, -ProgressAction, and ids that nest under a caller's bar.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $emulator = Get-TestEmulator
    $spuffActivityBase = 0x53700000

    function Get-Processing { param($Run) @($Run.Streams.Progress | Where-Object RecordType -EQ 'Processing') }
}

AfterAll {
    Remove-TestEmulator $emulator
    $env:HETZNER_TOKEN = $null
    $env:SPUFF_HETZNER_ENDPOINT = $null
}

Describe 'Progress of waits' {
    BeforeEach {
        Initialize-TestEmulator $emulator -ReadyDelayMs 2500 -ActionDelayMs 2500
    }

    It 'shows no percentage when the provider reports none (not the share of the timeout)' {
        $run = Invoke-InRunspace -Script 'New-SpuffInstance -Provider do -Name pct -Wait -Timeout 600'
        $run.Output.Count | Should -Be 1
        $processing = Get-Processing $run
        $processing.Count | Should -BeGreaterThan 1
        # Every round before the end has no percentage; the last says 100 (ready).
        $processing | Select-Object -SkipLast 1 | ForEach-Object { $_.PercentComplete | Should -Be -1 }
        $processing[-1].PercentComplete | Should -Be 100
        $processing[0].StatusDescription | Should -Match '\(\d+ s of 600 s\)$'
    }

    It 'names the instance or snapshot, never a bare action id' {
        $run = Invoke-InRunspace -Script @'
$vm = New-SpuffInstance -Provider do -Name named-vm -Wait -Timeout 60
$vm | New-SpuffSnapshot -Name named-snap -Timeout 60
'@
        $run.HadErrors | Should -BeFalse
        $activities = @((Get-Processing $run).Activity | Select-Object -Unique)
        @($activities -match '^Waiting for named-vm \(\d+\)$').Count | Should -Be 1
        $activities | Should -Contain 'Creating snapshot named-snap'
        (Get-Processing $run).StatusDescription | ForEach-Object { $_ | Should -Not -Match '^\d+:' }
    }

    It 'reports how many of a batch are ready as the percentage' {
        $run = Invoke-InRunspace -Script @'
$a = New-SpuffInstance -Provider do -Name batch-a
$b = New-SpuffInstance -Provider do -Name batch-b
$a, $b | Wait-SpuffInstance -Timeout 60
'@
        $run.Output.Count | Should -Be 2
        $percents = @((Get-Processing $run).PercentComplete)
        $percents | Should -Not -Contain -1
        $percents | ForEach-Object { $_ | Should -BeIn @(0, 50, 100) }
        $percents[-1] | Should -Be 100
        (Get-Processing $run)[0].Activity | Should -Be 'Waiting for 2 instances'
    }

    It 'writes nothing with -ProgressAction SilentlyContinue, and with $ProgressPreference' {
        $run = Invoke-InRunspace -Script 'New-SpuffInstance -Provider do -Name quiet -Wait -Timeout 60 -ProgressAction SilentlyContinue'
        $run.Output.Count | Should -Be 1
        @($run.Streams.Progress) | Should -BeNullOrEmpty
        $run = Invoke-InRunspace -Script '$ProgressPreference = "SilentlyContinue"; New-SpuffInstance -Provider do -Name quiet-2 -Wait -Timeout 60'
        $run.Output.Count | Should -Be 1
        @($run.Streams.Progress) | Should -BeNullOrEmpty
    }

    It 'uses its own activity ids, one per operation, far from the ones scripts use' {
        $run = Invoke-InRunspace -Script @'
Write-Progress -Id 1 -Activity 'Outer' -Status 'working'
New-SpuffInstance -Provider do -Name id-1 -Wait -Timeout 60
New-SpuffInstance -Provider do -Name id-2 -Wait -Timeout 60
'@
        $ours = @($run.Streams.Progress | Where-Object Activity -Like 'Waiting for *')
        $ids = @($ours.ActivityId | Select-Object -Unique)
        $ids.Count | Should -Be 2
        $ids | ForEach-Object { $_ | Should -BeGreaterThan $spuffActivityBase }
        $ours | ForEach-Object { $_.ParentActivityId | Should -Be -1 }
        # The caller's bar is still only the caller's.
        @($run.Streams.Progress | Where-Object ActivityId -EQ 1).Activity | Select-Object -Unique | Should -Be 'Outer'
    }

    It 'nests under the caller''s bar named by $SpuffProgressParentId' {
        $run = Invoke-InRunspace -Script @'
$SpuffProgressParentId = 7
Write-Progress -Id 7 -Activity 'Provisioning the lab' -Status 'machine 1 of 1'
New-SpuffInstance -Provider do -Name nested -Wait -Timeout 60
'@
        $ours = @($run.Streams.Progress | Where-Object Activity -Like 'Waiting for nested*')
        $ours.Count | Should -BeGreaterThan 0
        $ours | ForEach-Object { $_.ParentActivityId | Should -Be 7 }
    }
}

Describe 'Progress reported by the provider' {
    BeforeAll {
        Initialize-TestEmulator $emulator -ActionDelayMs 2500
        $env:SPUFF_HETZNER_ENDPOINT = "$($emulator.Url)/v1/"
        $env:HETZNER_TOKEN = 'hetzner-test-token'
    }

    It 'passes Hetzner''s action progress through as the percentage' {
        $run = Invoke-InRunspace -Script @'
$vm = New-SpuffInstance -Provider hetzner -Name hz-progress -Wait -Timeout 60
$vm | New-SpuffSnapshot -Name hz-progress-snap -Timeout 60
'@
        $run.HadErrors | Should -BeFalse
        $snapshotBar = @(Get-Processing $run | Where-Object Activity -EQ 'Creating snapshot hz-progress-snap')
        $snapshotBar.Count | Should -BeGreaterThan 1
        # The emulator reports progress 0 while the action runs and 100 when it succeeded.
        $running = @($snapshotBar | Where-Object StatusDescription -Match '^running \(0%\)')
        $running.Count | Should -BeGreaterThan 0
        $running | ForEach-Object { $_.PercentComplete | Should -Be 0 }
        $snapshotBar[-1].PercentComplete | Should -Be 100
    }
}
