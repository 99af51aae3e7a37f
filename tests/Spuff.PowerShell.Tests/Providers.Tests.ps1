# The same cmdlets, unchanged, against a second provider: Hetzner Cloud as served by the emulator (/v1).
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $emulator = Get-TestEmulator
}

AfterAll {
    Remove-TestEmulator $emulator
    $env:HETZNER_TOKEN = $null
    $env:SPUFF_HETZNER_ENDPOINT = $null
}

Describe 'The whole lifecycle on Hetzner' {
    BeforeAll {
        Initialize-TestEmulator $emulator -ReadyDelayMs 300
        $env:SPUFF_HETZNER_ENDPOINT = "$($emulator.Url)/v1/"
        $env:HETZNER_TOKEN = 'hetzner-test-token'
    }

    It 'creates, lists, snapshots, copies and removes through the same cmdlets' {
        $server = New-SpuffInstance -Provider hcloud -Name hz-1 -Wait -Timeout 60
        $server.Provider | Should -Be 'hetzner'
        $server.Status | Should -Be 'Active'
        (Get-SpuffInstance -Provider hetzner -Name 'hz-*').Id | Should -Be $server.Id

        $snapshot = $server | New-SpuffSnapshot -Name hz-golden -Timeout 60
        $snapshot.Provider | Should -Be 'hetzner'
        $copy = $snapshot | New-SpuffInstance -Name hz-2 | Wait-SpuffInstance -Timeout 60
        $copy.Name | Should -Be 'hz-2'

        Get-SpuffInstance -Provider hetzner | Remove-SpuffInstance -Force
        Get-SpuffSnapshot -Provider hetzner | Remove-SpuffSnapshot -Force
        Get-SpuffInstance -Provider hetzner | Should -BeNullOrEmpty
        Get-SpuffSnapshot -Provider hetzner | Should -BeNullOrEmpty
    }

    It 'retries a 503 that never reached Hetzner and reports a re-run as InstanceAlreadyExists' {
        $env:HETZNER_TOKEN = 'hetzner-test-token'
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'faults' -Body @{ method = 'POST'; pathPrefix = '/v1/servers'; status = 503 }
        $server = New-SpuffInstance -Provider hetzner -Name hz-rerun
        $server.Name | Should -Be 'hz-rerun'
        $null = New-SpuffInstance -Provider hetzner -Name hz-rerun -ErrorAction SilentlyContinue -ErrorVariable problems
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'InstanceAlreadyExists,Spuff.PowerShell.Commands.NewSpuffInstanceCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $problems[0].TargetObject.Id | Should -Be $server.Id
        $problems[0].ErrorDetails.RecommendedAction | Should -BeLike '*Get-SpuffInstance -Provider hetzner -Name hz-rerun | Wait-SpuffInstance*'
        @(Get-SpuffInstance -Provider hetzner -Name hz-rerun).Count | Should -Be 1
        Get-SpuffInstance -Provider hetzner -Name hz-rerun | Remove-SpuffInstance -Force
    }

    It 'names HETZNER_TOKEN in the recommended action when no token is found' {
        $env:HETZNER_TOKEN = $null
        $saved = $env:HCLOUD_TOKEN
        $env:HCLOUD_TOKEN = $null
        try {
            { Get-SpuffInstance -Provider hetzner } | Should -Throw -ErrorId 'ProviderAuthenticationFailed,Spuff.PowerShell.Commands.GetSpuffInstanceCommand'
            try { Get-SpuffInstance -Provider hetzner } catch { $record = $_ }
            $record.ErrorDetails.RecommendedAction | Should -BeLike 'Set $env:HETZNER_TOKEN (or $env:HCLOUD_TOKEN) or pass -Token*'
        }
        finally { $env:HETZNER_TOKEN = 'hetzner-test-token'; $env:HCLOUD_TOKEN = $saved }
    }
}
