BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $emulator = Get-TestEmulator
}

AfterAll {
    Remove-TestEmulator $emulator
}

Describe 'Get-SpuffSnapshot' {
    BeforeAll {
        Initialize-TestEmulator $emulator
        $instance = New-SpuffInstance -Provider do -Name get-snap -Wait -Timeout 60
        $golden = $instance | New-SpuffSnapshot -Name golden-1
        $other = $instance | New-SpuffSnapshot -Name other-1
    }

    It 'lists every snapshot, also without -Provider' {
        (Get-SpuffSnapshot -Provider do).Name | Sort-Object | Should -Be @('golden-1', 'other-1')
        # Other providers with credentials on this machine (a local Docker engine) may answer too.
        (Get-SpuffSnapshot | Where-Object Provider -EQ 'digitalocean').Name | Sort-Object | Should -Be @('golden-1', 'other-1')
    }

    It 'filters by name with wildcards and by id' {
        (Get-SpuffSnapshot -Provider do -Name 'gold*').Id | Should -Be $golden.Id
        (Get-SpuffSnapshot -Provider do -Id $other.Id).Name | Should -Be 'other-1'
    }

    It 'reports a missing id as SnapshotNotFound and writes the others' {
        $found = Get-SpuffSnapshot -Provider do -Id 'nope', $golden.Id -ErrorAction SilentlyContinue -ErrorVariable problems
        $found.Name | Should -Be 'golden-1'
        $problems[0].FullyQualifiedErrorId | Should -Be 'SnapshotNotFound,Spuff.PowerShell.Commands.GetSpuffSnapshotCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'formats snapshots as a table with Name, Id, Provider and Created' {
        (Get-SpuffSnapshot -Provider do -Name golden-1 | Out-String -Width 200) | Should -Match 'Name\s+Id\s+Provider\s+Created'
    }
}
