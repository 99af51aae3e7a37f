# A whole lifecycle through the cmdlets while a seeded proxy (tests/Spuff.FaultProxy) injects faults into a share of
# the requests: throttling, 503s before the provider saw the request, 503s and connection resets after it acted, and
# answers stalled beyond the HTTP timeout. The outcome is read from the emulator directly, behind the proxy.
# Replay a failure with the seed it printed: $env:SPUFF_CHAOS_SEED = N.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:Seed = if ($env:SPUFF_CHAOS_SEED) { [int] $env:SPUFF_CHAOS_SEED } else { 20261130 }
    $script:Emulator = Start-SpuffEmulator -ReadyDelayMs 400 -ActionDelayMs 400
    $script:Saved = @{}
    foreach ($name in 'SPUFF_DIGITALOCEAN_ENDPOINT', 'SPUFF_HETZNER_ENDPOINT', 'DIGITALOCEAN_TOKEN', 'HETZNER_TOKEN', 'HCLOUD_TOKEN', 'SPUFF_HTTP_TIMEOUT_SECONDS') {
        $script:Saved[$name] = [Environment]::GetEnvironmentVariable($name)
    }
    $env:DIGITALOCEAN_TOKEN = 'chaos-token'
    $env:HETZNER_TOKEN = 'chaos-token'
    $env:HCLOUD_TOKEN = $null
    # Stalled answers are held 4 s; the client gives up after 2 s.
    $env:SPUFF_HTTP_TIMEOUT_SECONDS = '2'

    # Reads the emulator itself, not through the proxy.
    function Get-EmulatorState {
        $headers = @{ Authorization = 'Bearer chaos-token' }
        $url = $script:Emulator.Url
        [pscustomobject]@{
            Droplets  = @((Invoke-RestMethod "$url/v2/droplets?per_page=200" -Headers $headers).droplets)
            Servers   = @((Invoke-RestMethod "$url/v1/servers?per_page=50" -Headers $headers).servers)
            DoImages  = @((Invoke-RestMethod "$url/v2/snapshots?per_page=200" -Headers $headers).snapshots)
            HzImages  = @((Invoke-RestMethod "$url/v1/images?type=snapshot&per_page=50" -Headers $headers).images)
        }
    }

    function Use-Endpoint {
        param([string] $Url)
        $env:SPUFF_DIGITALOCEAN_ENDPOINT = "$Url/v2"
        $env:SPUFF_HETZNER_ENDPOINT = "$Url/v1"
    }
}

AfterAll {
    foreach ($name in $script:Saved.Keys) { [Environment]::SetEnvironmentVariable($name, $script:Saved[$name]) }
    Stop-SpuffEmulator $script:Emulator
}

Describe 'Chaos: 8 droplets and 8 servers through a proxy that faults 20% of requests' -Tag Chaos {
    BeforeAll {
        $null = Invoke-SpuffEmulatorControl -Url $script:Emulator.Url -Path 'reset'
        $script:Proxy = Start-SpuffFaultProxy -Upstream $script:Emulator.Url -Seed $script:Seed -Rate 0.2 -StallMs 4000
        Use-Endpoint $script:Proxy.Url
    }

    AfterAll {
        Stop-SpuffEmulator $script:Proxy
    }

    It 'makes every instance and snapshot exactly once, leaves none behind and shows the user no error' {
        $shown = [System.Collections.Generic.List[object]]::new()
        $doNames = 1..8 | ForEach-Object { "chaos-do-$_" }
        $hzNames = 1..8 | ForEach-Object { "chaos-hz-$_" }

        $created = @(
            foreach ($name in $doNames) { New-SpuffInstance -Provider digitalocean -Name $name -ErrorVariable +errorsSeen -ErrorAction SilentlyContinue }
            foreach ($name in $hzNames) { New-SpuffInstance -Provider hetzner -Name $name -ErrorVariable +errorsSeen -ErrorAction SilentlyContinue }
        )
        $ready = @($created | Wait-SpuffInstance -Timeout 180 -ErrorVariable +errorsSeen -ErrorAction SilentlyContinue)
        $middle = Get-EmulatorState
        $snapshots = @($ready | ForEach-Object { $_ | New-SpuffSnapshot -Name "$($_.Name)-snap" -Timeout 180 -ErrorVariable +errorsSeen -ErrorAction SilentlyContinue })
        $listedDo = @(Get-SpuffInstance -Provider digitalocean -ErrorVariable +errorsSeen -ErrorAction SilentlyContinue)
        $listedHz = @(Get-SpuffInstance -Provider hetzner -ErrorVariable +errorsSeen -ErrorAction SilentlyContinue)
        $listedSnapshots = @(Get-SpuffSnapshot -ErrorVariable +errorsSeen -ErrorAction SilentlyContinue)
        $listedDo + $listedHz | Remove-SpuffInstance -Force -ErrorVariable +errorsSeen -ErrorAction SilentlyContinue
        $listedSnapshots | Remove-SpuffSnapshot -Force -ErrorVariable +errorsSeen -ErrorAction SilentlyContinue
        foreach ($record in @($errorsSeen)) { $shown.Add($record) }
        $final = Get-EmulatorState

        # Invoke-RestMethod writes a JSON array as one object: enumerate it.
        $log = @((Invoke-RestMethod "$($script:Proxy.Url)/_proxy/log") | ForEach-Object { $_ })
        $faults = @($log | Where-Object fault -ne 'None')
        $requests = @((Get-EmulatorRequest $script:Emulator) | ForEach-Object { $_ })
        $figures = [ordered]@{
            Seed                = $script:Seed
            ClientRequests      = $log.Count
            FaultsInjected      = $faults.Count
            FaultsByKind        = ($faults | Group-Object fault | ForEach-Object { "$($_.Name)=$($_.Count)" }) -join ' '
            RequestsAtEmulator  = $requests.Count
            DropletsAtPeak      = $middle.Droplets.Count
            ServersAtPeak       = $middle.Servers.Count
            DuplicateNames      = @(($middle.Droplets + $middle.Servers) | Group-Object name | Where-Object Count -gt 1).Count
            SnapshotsMade       = $snapshots.Count
            LeftAtEnd           = $final.Droplets.Count + $final.Servers.Count + $final.DoImages.Count + $final.HzImages.Count
            ErrorsShown         = $shown.Count
        }
        $null = New-Item -ItemType Directory -Force -Path (Join-Path $script:RepoRoot 'out/test-results')
        $figures | ConvertTo-Json | Set-Content (Join-Path $script:RepoRoot 'out/test-results/chaos.json')
        Write-Host ("Chaos figures: " + (($figures.GetEnumerator() | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join '; '))

        ($shown | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" }) | Should -BeNullOrEmpty
        $faults.Count | Should -BeGreaterThan 10
        ($middle.Droplets.name | Sort-Object) | Should -Be ($doNames | Sort-Object)
        ($middle.Servers.name | Sort-Object) | Should -Be ($hzNames | Sort-Object)
        $ready.Count | Should -Be 16
        $snapshots.Count | Should -Be 16
        # Snapshots are made once each: the emulator holds one per name until the removal.
        ($listedSnapshots.Name | Sort-Object) | Should -Be (($doNames + $hzNames | ForEach-Object { "$_-snap" }) | Sort-Object)
        $final.Droplets.Count | Should -Be 0
        $final.Servers.Count | Should -Be 0
        $final.DoImages.Count | Should -Be 0
        $final.HzImages.Count | Should -Be 0
    }
}

Describe 'Chaos: the client process is killed after the create reached the provider' -Tag Chaos {
    BeforeAll {
        $null = Invoke-SpuffEmulatorControl -Url $script:Emulator.Url -Path 'reset'
        Use-Endpoint $script:Emulator.Url
    }

    It 'lists the <Provider> instance afterwards and a re-run makes no second one' -ForEach @(
        @{ Provider = 'digitalocean'; Path = '/v2/droplets'; Name = 'chaos-killed-do' }
        @{ Provider = 'hetzner'; Path = '/v1/servers'; Name = 'chaos-killed-hz' }
    ) {
        # The provider makes the instance at once, then holds its answer for a minute.
        $null = Invoke-SpuffEmulatorControl -Url $script:Emulator.Url -Path 'faults' -Body @{ method = 'POST'; pathPrefix = $Path; after = $true; delayMs = 60000; count = 1 }
        $command = Get-PwshCommand
        $info = [System.Diagnostics.ProcessStartInfo]::new($command[0])
        foreach ($argument in @($command | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command', "Import-Module '$script:ModulePath'; New-SpuffInstance -Provider $Provider -Name $Name")) {
            $info.ArgumentList.Add($argument)
        }
        $info.UseShellExecute = $false
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $process = [System.Diagnostics.Process]::Start($info)
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            do {
                Start-Sleep -Milliseconds 200
                $state = Get-EmulatorState
                $made = @($state.Droplets + $state.Servers | Where-Object name -eq $Name)
            } until ($made.Count -gt 0 -or [DateTime]::UtcNow -gt $deadline)
            $made.Count | Should -Be 1
        }
        finally {
            $process.Kill($true)
            $null = $process.WaitForExit(10000)
            $process.Dispose()
        }
        $null = Invoke-SpuffEmulatorControl -Url $script:Emulator.Url -Path 'faults' -Method Delete

        $listed = @(Get-SpuffInstance -Provider $Provider -Name $Name)
        $listed.Count | Should -Be 1

        $again = @(New-SpuffInstance -Provider $Provider -Name $Name -ErrorVariable rerun -ErrorAction SilentlyContinue)
        $again.Count | Should -Be 0
        $rerun.Count | Should -Be 1
        $rerun[0].TargetObject.Id | Should -Be $listed[0].Id
        $rerun[0].ErrorDetails.RecommendedAction | Should -Match 'Get-SpuffInstance'
        $state = Get-EmulatorState
        @($state.Droplets + $state.Servers | Where-Object name -eq $Name).Count | Should -Be 1

        $listed | Remove-SpuffInstance -Force
    }
}
