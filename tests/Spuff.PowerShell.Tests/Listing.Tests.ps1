# The README's clean-up lines against accounts larger than one page: a consumer that removes what it is given must
# remove everything (page-number paging shifts under deletes; the paginator reads again until nothing moved).
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $emulator = Get-TestEmulator
}

AfterAll {
    Remove-TestEmulator $emulator
    $env:HETZNER_TOKEN = $null
    $env:SPUFF_HETZNER_ENDPOINT = $null
}

Describe 'Listing while the pipeline removes what it lists' {
    BeforeEach {
        Initialize-TestEmulator $emulator
        $env:SPUFF_HETZNER_ENDPOINT = "$($emulator.Url)/v1/"
        $env:HETZNER_TOKEN = 'hetzner-test-token'
    }

    It 'Get-SpuffInstance -Provider hetzner | Remove-SpuffInstance -Force removes all 60 servers' {
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'seed' -Body @{ hetzner = @{ servers = 60 } }
        @(Get-SpuffInstance -Provider hetzner).Count | Should -Be 60

        Get-SpuffInstance -Provider hetzner | Remove-SpuffInstance -Force -ErrorAction Stop

        @(Get-SpuffInstance -Provider hetzner).Count | Should -Be 0
        # The request log arrives as one array: enumerate it from a variable.
        $requests = Get-EmulatorRequest $emulator
        $deletes = $requests | Where-Object { $_.method -eq 'DELETE' -and $_.path -like '/v1/servers/*' }
        @($deletes).Count | Should -Be 60
    }

    It 'Get-SpuffInstance -Provider do | Remove-SpuffInstance -Force removes all 450 droplets (three pages)' {
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'seed' -Body @{ digitalocean = @{ droplets = 450 } }

        Get-SpuffInstance -Provider do | Remove-SpuffInstance -Force -ErrorAction Stop

        @(Get-SpuffInstance -Provider do).Count | Should -Be 0
        $requests = Get-EmulatorRequest $emulator
        $deletes = $requests | Where-Object { $_.method -eq 'DELETE' -and $_.path -like '/v2/droplets/*' }
        @($deletes).Count | Should -Be 450
    }

    It 'Get-SpuffSnapshot -Provider hetzner | Remove-SpuffSnapshot -Force removes all 60 snapshots' {
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'seed' -Body @{ hetzner = @{ servers = 60 } }
        $headers = @{ Authorization = 'Bearer hetzner-test-token' }
        foreach ($server in (Invoke-RestMethod -Uri "$($emulator.Url)/v1/servers?per_page=50&page=1" -Headers $headers).servers +
            (Invoke-RestMethod -Uri "$($emulator.Url)/v1/servers?per_page=50&page=2" -Headers $headers).servers) {
            $body = @{ type = 'snapshot'; description = "snap-$($server.id)"; labels = @{ 'managed-by' = 'spuff' } } | ConvertTo-Json
            $null = Invoke-RestMethod -Method Post -Uri "$($emulator.Url)/v1/servers/$($server.id)/actions/create_image" -Body $body -ContentType 'application/json' -Headers $headers
        }
        @(Get-SpuffSnapshot -Provider hetzner).Count | Should -Be 60

        Get-SpuffSnapshot -Provider hetzner | Remove-SpuffSnapshot -Force -ErrorAction Stop

        @(Get-SpuffSnapshot -Provider hetzner).Count | Should -Be 0
    }
}
