BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $emulator = Get-TestEmulator
}

AfterAll {
    Remove-TestEmulator $emulator
}

Describe 'Remove-SpuffSnapshot' {
    BeforeEach {
        Initialize-TestEmulator $emulator
        $instance = New-SpuffInstance -Provider do -Name rm-snap -Wait -Timeout 60
        $first = $instance | New-SpuffSnapshot -Name first
        $second = $instance | New-SpuffSnapshot -Name second
    }

    It 'deletes every piped snapshot with -Force' {
        Get-SpuffSnapshot -Provider do | Remove-SpuffSnapshot -Force
        Get-SpuffSnapshot -Provider do | Should -BeNullOrEmpty
    }

    It 'deletes by -Id, idempotently' {
        Remove-SpuffSnapshot -Provider do -Id $first.Id -Force
        { Remove-SpuffSnapshot -Provider do -Id $first.Id -Force -ErrorAction Stop } | Should -Not -Throw
        (Get-SpuffSnapshot -Provider do).Name | Should -Be 'second'
    }

    It 'sends no request with -WhatIf and writes with -PassThru' {
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'requests' -Method Delete
        $first, $second | Remove-SpuffSnapshot -WhatIf
        Get-EmulatorRequest $emulator | Should -BeNullOrEmpty
        ($first | Remove-SpuffSnapshot -Force -PassThru).Id | Should -Be $first.Id
    }
}
