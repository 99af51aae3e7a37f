BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $emulator = Get-TestEmulator
}

AfterAll {
    Remove-TestEmulator $emulator
}

Describe 'New-SpuffInstance' {
    BeforeEach {
        Initialize-TestEmulator $emulator -ReadyDelayMs 300
    }

    It 'creates an instance and writes it at once without -Wait' {
        $instance = New-SpuffInstance -Provider digitalocean -Name web-1 -Region nyc3
        $instance | Should -BeOfType ([Spuff.Core.ProviderInstance])
        $instance.Name | Should -Be 'web-1'
        $instance.Provider | Should -Be 'digitalocean'
        $instance.Region | Should -Be 'nyc3'
        (Get-SpuffInstance -Provider do -Id $instance.Id).Name | Should -Be 'web-1'
    }

    It 'names the instance spuff- plus 8 hex digits by default' {
        (New-SpuffInstance -Provider do).Name | Should -Match '^spuff-[0-9a-f]{8}$'
    }

    It 'writes exactly one object, the ready instance, with -Wait' {
        $result = @(New-SpuffInstance -Provider do -Name waited -Wait -Timeout 60)
        $result.Count | Should -Be 1
        $result[0].Status | Should -Be 'Active'
        $result[0].IPAddress | Should -Not -BeNullOrEmpty
    }

    It 'accepts the token as a plain string and as a SecureString' {
        $env:DIGITALOCEAN_TOKEN = $null
        (New-SpuffInstance -Provider do -Token 'plain-token').Provider | Should -Be 'digitalocean'
        $secure = ConvertTo-SecureString 'secure-token' -AsPlainText -Force
        (New-SpuffInstance -Provider do -Token $secure).Provider | Should -Be 'digitalocean'
    }

    It 'sends labels and user data' {
        $file = Join-Path $TestDrive 'cloud-init.yaml'
        Set-Content -LiteralPath $file -Value "#cloud-config`npackages: [git]"
        $instance = New-SpuffInstance -Provider do -Name labelled -Label @{ team = 'infra' } -UserDataPath $file
        $instance.Labels['team'] | Should -Be 'infra'
    }

    It 'starts an instance from a piped snapshot, taking its provider' {
        $source = New-SpuffInstance -Provider do -Name source -Wait -Timeout 60
        $snapshot = $source | New-SpuffSnapshot -Name base
        $copy = $snapshot | New-SpuffInstance -Name copy
        $copy.Name | Should -Be 'copy'
        $copy.Provider | Should -Be 'digitalocean'
        $copy.Image | Should -Be $snapshot.Name
    }

    It 'shows a progress bar while it waits and completes it' {
        $run = Invoke-InRunspace -Script 'New-SpuffInstance -Provider do -Name progress -Wait -Timeout 60'
        $run.Output.Count | Should -Be 1
        $records = @($run.Streams.Progress)
        $records.Count | Should -BeGreaterThan 0
        $records[0].Activity | Should -Match 'Waiting for progress'
        ($records | Where-Object RecordType -EQ 'Completed') | Should -Not -BeNullOrEmpty
    }

    It 'writes the created instance and a WaitTimedOut error when the wait runs out' {
        Initialize-TestEmulator $emulator -ReadyDelayMs 60000
        $result = @(New-SpuffInstance -Provider do -Name slow -Wait -Timeout 1 -ErrorAction SilentlyContinue -ErrorVariable problems)
        $result.Count | Should -Be 1
        $result[0].Name | Should -Be 'slow'
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'WaitTimedOut,*'
        $problems[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $problems[0].TargetObject.Id | Should -Be $result[0].Id
        $problems[0].ErrorDetails.RecommendedAction | Should -Match 'Wait-SpuffInstance'
    }

    It 'stops a -Wait within a second on Ctrl+C and leaves the instance findable' {
        Initialize-TestEmulator $emulator -ReadyDelayMs 600000
        $ps = [powershell]::Create()
        $null = $ps.AddScript("Import-Module '$script:ModulePath'; New-SpuffInstance -Provider do -Name interrupted -Wait -Timeout 300")
        $null = $ps.BeginInvoke()
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while (-not (Get-EmulatorRequest $emulator | Where-Object { $_.method -eq 'GET' -and $_.path -match '^/v2/droplets/\d+$' }) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            $ps.InvocationStateInfo.State | Should -Be 'Running'
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 1
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally { $ps.Dispose() }
        (Get-SpuffInstance -Provider do -Name interrupted).Status | Should -Be 'New'
    }

    It 'reports a re-run with the same -Name as InstanceAlreadyExists on the earlier instance, never a second one' {
        $first = New-SpuffInstance -Provider do -Name rerun-me
        $again = New-SpuffInstance -Provider do -Name rerun-me -ErrorAction SilentlyContinue -ErrorVariable problems
        $again | Should -BeNullOrEmpty
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'InstanceAlreadyExists,Spuff.PowerShell.Commands.NewSpuffInstanceCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $problems[0].TargetObject | Should -BeOfType ([Spuff.Core.ProviderInstance])
        $problems[0].TargetObject.Id | Should -Be $first.Id
        $problems[0].ErrorDetails.RecommendedAction | Should -BeLike '*Get-SpuffInstance -Provider digitalocean -Name rerun-me | Wait-SpuffInstance*'
        @(Get-SpuffInstance -Provider do -Name rerun-me).Count | Should -Be 1
        ($problems[0].TargetObject | Wait-SpuffInstance -Timeout 30).Status | Should -Be 'Active'
    }

    It 'returns the droplet whose create was answered 502 and listed late, and a re-run makes no second one' {
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'config' -Body @{ visibilityLagMs = 1500 }
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'faults' -Body @{ method = 'POST'; pathPrefix = '/v2/droplets'; status = 502; after = $true }
        $created = New-SpuffInstance -Provider do -Name lost-answer
        $created.Name | Should -Be 'lost-answer'
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'config' -Body @{ visibilityLagMs = 0 }
        $null = New-SpuffInstance -Provider do -Name lost-answer -ErrorAction SilentlyContinue -ErrorVariable problems
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'InstanceAlreadyExists,*'
        $problems[0].TargetObject.Id | Should -Be $created.Id
        @(Get-SpuffInstance -Provider do -Name lost-answer).Count | Should -Be 1
        @(Get-EmulatorRequest $emulator | Where-Object { $_.method -eq 'POST' -and $_.path -eq '/v2/droplets' }).Count | Should -Be 1
    }

    It 'warns on Ctrl+C while the create request is in flight, naming how to find the instance' {
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'faults' -Body @{ method = 'POST'; pathPrefix = '/v2/droplets'; actDelayMs = 2000 }
        $run = New-RecordingHostPowerShell 'New-SpuffInstance -Provider do -Name stopped-create'
        $handle = $run.PowerShell.BeginInvoke()
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while (-not (Get-EmulatorRequest $emulator | Where-Object { $_.method -eq 'GET' -and $_.query -like '*name=stopped-create*' }) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            Start-Sleep -Milliseconds 500
            $run.PowerShell.InvocationStateInfo.State | Should -Be 'Running'
            $run.PowerShell.Stop()
            $run.PowerShell.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally {
            # Let the stopped batch finish before closing its runspace (else PowerShell's worker thread crashes).
            try { $null = $run.PowerShell.EndInvoke($handle) } catch { }
            $run.PowerShell.Dispose(); $run.Runspace.Dispose()
        }
        $warning = @($run.Host.Lines | Where-Object { $_ -like 'WARNING:*' })
        $warning.Count | Should -Be 1
        $warning[0] | Should -BeLike "*'stopped-create'*may have created it*Get-SpuffInstance -Provider digitalocean -Name stopped-create*"
        # The provider acted after the client gave up: the instance is there, and running the command again reports it.
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        while (-not (Get-SpuffInstance -Provider do -Name stopped-create -ErrorAction SilentlyContinue) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        $null = New-SpuffInstance -Provider do -Name stopped-create -ErrorAction SilentlyContinue -ErrorVariable problems
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'InstanceAlreadyExists,*'
        @(Get-SpuffInstance -Provider do -Name stopped-create).Count | Should -Be 1
    }

    It 'reads the account SSH keys once for 20 creates in a loop (per token)' {
        $token = 'loop-' + [guid]::NewGuid().ToString('n')
        1..20 | ForEach-Object { $null = New-SpuffInstance -Provider do -Name "loop-$_" -Token $token }
        @(Get-SpuffInstance -Provider do -Name 'loop-*').Count | Should -Be 20
        @(Get-EmulatorRequest $emulator | Where-Object { $_.method -eq 'GET' -and $_.path -eq '/v2/account/keys' }).Count | Should -Be 1
    }

    It 'sends nothing with -WhatIf' {
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'requests' -Method Delete
        New-SpuffInstance -Provider do -Name never -WhatIf | Should -BeNullOrEmpty
        Get-EmulatorRequest $emulator | Should -BeNullOrEmpty
    }

    It 'fails with ProviderUnknown for an unknown provider, naming the valid ones' {
        { New-SpuffInstance -Provider azure } | Should -Throw -ErrorId 'ProviderUnknown,Spuff.PowerShell.Commands.NewSpuffInstanceCommand'
        try { New-SpuffInstance -Provider azure } catch { $record = $_ }
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $record.ErrorDetails.RecommendedAction | Should -Match 'digitalocean, do, hetzner'
    }

    It 'fails with ProviderAuthenticationFailed before any request when no token is found' {
        $env:DIGITALOCEAN_TOKEN = $null
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'requests' -Method Delete
        { New-SpuffInstance -Provider do } | Should -Throw -ErrorId 'ProviderAuthenticationFailed,Spuff.PowerShell.Commands.NewSpuffInstanceCommand'
        try { New-SpuffInstance -Provider do } catch { $record = $_ }
        $record.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $record.ErrorDetails.RecommendedAction | Should -BeLike 'Set $env:DIGITALOCEAN_TOKEN or pass -Token*'
        Get-EmulatorRequest $emulator | Should -BeNullOrEmpty
    }

    It 'fails with ProviderAuthenticationFailed when the provider rejects the token' {
        { New-SpuffInstance -Provider do -Token 'bad-token' } | Should -Throw -ErrorId 'ProviderAuthenticationFailed,Spuff.PowerShell.Commands.NewSpuffInstanceCommand'
    }

    It 'rejects bad input before any request, naming the parameter' {
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'requests' -Method Delete
        New-SpuffInstance -Provider do -UserDataPath (Join-Path $TestDrive 'missing.yaml') -ErrorAction SilentlyContinue -ErrorVariable problems
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ProviderRequestInvalid,*'
        $problems[0].ErrorDetails.RecommendedAction | Should -Match '-UserDataPath'
        { New-SpuffInstance -Provider do -Timeout 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*' -ExpectedMessage "*parameter 'Timeout'*"
        New-SpuffInstance -Provider do -Image ubuntu-24.04 -FromSnapshot 123 -ErrorAction SilentlyContinue -ErrorVariable imageProblems
        $imageProblems[0].FullyQualifiedErrorId | Should -BeLike 'ProviderRequestInvalid,*'
        $imageProblems[0].ErrorDetails.RecommendedAction | Should -Match '-FromSnapshot'
        $foreign = [Spuff.Core.Snapshot]::new('77', 'elsewhere')
        $foreign.Provider = 'hetzner'
        New-SpuffInstance -Provider do -FromSnapshot $foreign -ErrorAction SilentlyContinue -ErrorVariable snapshotProblems
        $snapshotProblems[0].ErrorDetails.RecommendedAction | Should -Match '-FromSnapshot'
        Get-EmulatorRequest $emulator | Should -BeNullOrEmpty
    }

    It 'takes -Timeout as seconds or a TimeSpan and rejects anything else' {
        { New-SpuffInstance -Provider do -Timeout 'soon' } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,Spuff.PowerShell.Commands.NewSpuffInstanceCommand'
        (New-SpuffInstance -Provider do -Wait -Timeout '00:01:00').Status | Should -Be 'Active'
    }

    It 'reports a rejected create as a non-terminating ProviderRequestInvalid and goes on' {
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'faults' -Body @{ method = 'POST'; pathPrefix = '/v2/droplets'; status = 422; count = 1 }
        $result = 'a', 'b' | ForEach-Object { New-SpuffInstance -Provider do -Name $_ -ErrorAction SilentlyContinue -ErrorVariable +problems }
        @($result).Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ProviderRequestInvalid,*'
    }

    It 'completes -Provider with names and aliases' {
        $line = 'New-SpuffInstance -Provider d'
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $completions | Should -Be @('digitalocean', 'do', 'docker')
    }

    It 'completes -Region and -Size from the provider API and -Image with known images' {
        $line = 'New-SpuffInstance -Provider do -Region '
        $regions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $regions | Should -Contain 'nyc3'
        $line = 'New-SpuffInstance -Provider do -Size s-'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 's-1vcpu-1gb'
        $line = 'New-SpuffInstance -Provider do -Image ubu'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'ubuntu-24.04'
    }

    It 'completes nothing, quietly, when the provider cannot be reached' {
        $saved = $env:SPUFF_DIGITALOCEAN_ENDPOINT
        try {
            $env:SPUFF_DIGITALOCEAN_ENDPOINT = 'http://127.0.0.1:9/v2/'
            $line = 'New-SpuffInstance -Provider do -Region '
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $result = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
            $result.CompletionMatches | Where-Object ResultType -EQ 'ParameterValue' | Should -BeNullOrEmpty
        }
        finally { $env:SPUFF_DIGITALOCEAN_ENDPOINT = $saved }
    }
}
