BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $emulator = Get-TestEmulator
}

AfterAll {
    Remove-TestEmulator $emulator
}

Describe 'Remove-SpuffInstance' {
    BeforeEach {
        Initialize-TestEmulator $emulator
        $a = New-SpuffInstance -Provider do -Name remove-a
        $b = New-SpuffInstance -Provider do -Name remove-b
    }

    It 'removes every piped instance with -Force' {
        Get-SpuffInstance -Provider do | Remove-SpuffInstance -Force
        Get-SpuffInstance -Provider do | Should -BeNullOrEmpty
    }

    It 'removes by -Id and -Provider, and by property name from any object' {
        Remove-SpuffInstance -Provider do -Id $a.Id -Force
        [pscustomobject]@{ Id = $b.Id; Provider = 'do' } | Remove-SpuffInstance -Force
        Get-SpuffInstance -Provider do | Should -BeNullOrEmpty
    }

    It 'is idempotent: an instance already gone is not an error' {
        Remove-SpuffInstance -Provider do -Id $a.Id -Force
        { Remove-SpuffInstance -Provider do -Id $a.Id -Force -ErrorAction Stop } | Should -Not -Throw
    }

    It 'writes the removed instances with -PassThru, and nothing without it' {
        $a | Remove-SpuffInstance -Force | Should -BeNullOrEmpty
        ($b | Remove-SpuffInstance -Force -PassThru).Name | Should -Be 'remove-b'
    }

    It 'sends no request with -WhatIf' {
        $instances = Get-SpuffInstance -Provider do
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'requests' -Method Delete
        $instances | Remove-SpuffInstance -WhatIf
        Remove-SpuffInstance -Provider do -Id $a.Id -Force -WhatIf
        Get-EmulatorRequest $emulator | Should -BeNullOrEmpty
        @(Get-SpuffInstance -Provider do).Count | Should -Be 2
    }

    It 'has ConfirmImpact High so it asks unless -Force is given' {
        (Get-Command Remove-SpuffInstance).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'High'
        $run = Invoke-InRunspace -Script "`$ConfirmPreference = 'High'; Remove-SpuffInstance -Provider do -Id $($a.Id)"
        # No host to ask in a bare runspace: PowerShell refuses to prompt instead of deleting.
        $run.HadErrors | Should -BeTrue
        @(Get-SpuffInstance -Provider do -Id $a.Id).Count | Should -Be 1
    }

    It 'goes on past a failure of one instance' {
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'faults' -Body @{ method = 'DELETE'; pathPrefix = "/v2/droplets/$($a.Id)"; status = 500; count = 10 }
        $a, $b | Remove-SpuffInstance -Force -ErrorAction SilentlyContinue -ErrorVariable problems
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ProviderApiError,*'
        $problems[0].TargetObject.Id | Should -Be $a.Id
        (Get-SpuffInstance -Provider do).Name | Should -Be 'remove-a'
    }
}
