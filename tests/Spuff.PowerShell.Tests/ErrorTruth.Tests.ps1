# Issue 9 §6: errors that tell the truth, through the built module against the emulator. Quota breaches are
# quotas, recommendations name the cmdlet's parameters (never wire fields), a malformed answer is the provider's
# fault, and writing a debug or verbose line never aborts the operation.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $emulator = Get-TestEmulator

    function Add-Fault {
        param([hashtable] $Rule)
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'faults' -Body $Rule
    }
}

AfterAll {
    Remove-TestEmulator $emulator
}

Describe 'Errors that tell the truth' {
    BeforeEach {
        Initialize-TestEmulator $emulator
        $env:SPUFF_HETZNER_ENDPOINT = "$($emulator.Url)/v1/"
        $env:HETZNER_TOKEN = 'test-token'
    }

    It 'reports a DigitalOcean droplet limit (422 unprocessable_entity) as ProviderQuotaExceeded' {
        Add-Fault @{ method = 'POST'; pathPrefix = '/v2/droplets'; status = 422
            body = '{"id":"unprocessable_entity","message":"creating this/these droplet(s) will exceed your droplet limit","request_id":"req-quota"}' }

        New-SpuffInstance -Provider do -Name quota-a -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ProviderQuotaExceeded,*'
        $problems[0].CategoryInfo.Category | Should -Be 'QuotaExceeded'
    }

    It 'names -Size, not server_type, when Hetzner blames details.fields' {
        Add-Fault @{ method = 'POST'; pathPrefix = '/v1/servers'; status = 422
            body = '{"error":{"code":"invalid_input","message":"invalid input in field ''server_type''","details":{"fields":[{"name":"server_type","messages":["unknown"]}]}}}' }

        New-SpuffInstance -Provider hetzner -Name field-a -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ProviderRequestInvalid,*'
        $problems[0].ErrorDetails.RecommendedAction | Should -Be 'Check the value of -Size.'
        $problems[0].ErrorDetails.RecommendedAction | Should -Not -Match 'server_type|-location|-request|-name\b'
    }

    It 'names -Region when DigitalOcean says so in prose, and never -request' {
        Add-Fault @{ method = 'POST'; pathPrefix = '/v2/droplets'; status = 422
            body = '{"id":"unprocessable_entity","message":"Region is not available","request_id":"r1"}' }
        New-SpuffInstance -Provider do -Name field-b -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].ErrorDetails.RecommendedAction | Should -Be 'Check the value of -Region.'

        Add-Fault @{ method = 'POST'; pathPrefix = '/v2/droplets'; status = 422
            body = '{"id":"unprocessable_entity","message":"Something is wrong with this request","request_id":"r2"}' }
        New-SpuffInstance -Provider do -Name field-c -ErrorVariable unknown -ErrorAction SilentlyContinue
        $unknown[0].ErrorDetails.RecommendedAction | Should -Not -Match '-request'
    }

    It 'advises a realistic wait when the Hetzner bucket stays empty' {
        Add-Fault @{ method = 'GET'; pathPrefix = '/v1/servers'; status = 429; retryAfterSeconds = 3600; count = 10 }
        Get-SpuffInstance -Provider hetzner -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ProviderRateLimited,*'
        $problems[0].ErrorDetails.RecommendedAction | Should -Be 'Wait 1 s and run the command again.'
    }

    It 'never calls a malformed next-page link a bug in Spuff' {
        $null = New-SpuffInstance -Provider do -Name link-a
        Add-Fault @{ method = 'GET'; pathPrefix = '/v2/droplets'
            body = '{"droplets":[],"links":{"pages":{"next":"ftp://evil.example/v2/droplets?page=2","last":"\\\\evil\\share"}},"meta":{"total":1}}' }
        $found = Get-SpuffInstance -Provider do -ErrorVariable problems -ErrorAction SilentlyContinue
        ($problems | Where-Object { "$_" -match 'bug in Spuff' -or $_.ErrorDetails.RecommendedAction -match 'bug in Spuff' }) | Should -BeNullOrEmpty
        if ($problems) { $problems[0].FullyQualifiedErrorId | Should -Not -BeLike 'ProviderApiError,*' -Because 'a terminating catch-all means a bug' }
    }
}

Describe 'Errors name the parameter the user typed' {
    BeforeEach {
        Initialize-TestEmulator $emulator
        $savedHost = $env:DOCKER_HOST
        $env:DOCKER_HOST = 'tcp://127.0.0.1:9'
    }

    AfterEach {
        $env:DOCKER_HOST = $savedHost
    }

    It 'says -UserDataPath, not -UserData, when the file''s content is refused' {
        $file = Join-Path $TestDrive 'cloud.yaml'
        Set-Content -LiteralPath $file -Value "#cloud-config`npackages: [git]"
        { New-SpuffInstance -Provider docker -Name path-a -UserDataPath $file -ErrorAction Stop } |
            Should -Throw -ErrorId 'ProviderFeatureNotSupported,*'
        try { New-SpuffInstance -Provider docker -Name path-a -UserDataPath $file -ErrorAction Stop } catch { $record = $_ }
        $record.ErrorDetails.RecommendedAction | Should -Match '-UserDataPath'
        $record.ErrorDetails.RecommendedAction | Should -Not -Match '-UserData\b'
    }

    It 'says -FromSnapshot, not -Image, when the snapshot id is refused' {
        New-SpuffInstance -Provider do -Name snap-a -FromSnapshot 'not-a-number' -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].ErrorDetails.RecommendedAction | Should -Be 'Check the value of -FromSnapshot.'
        Get-EmulatorRequest $emulator | Where-Object { $_ -and $_.path } | Should -BeNullOrEmpty
    }
}

Describe 'Debug and verbose lines never abort the operation' {
    BeforeAll {
        Initialize-TestEmulator $emulator
        $env:SPUFF_HETZNER_ENDPOINT = "$($emulator.Url)/v1/"
        $env:HETZNER_TOKEN = 'test-token'
        $null = New-SpuffInstance -Provider hetzner -Name debug-a
        $null = New-SpuffInstance -Provider do -Name debug-b
    }

    It 'lists with -Debug in a non-interactive pwsh (Inquire cannot prompt there)' {
        $output = Invoke-FreshPwsh -Script @"
Import-Module '$script:ModulePath'
`$DebugPreference = 'Inquire'
(Get-SpuffInstance -Provider hetzner -Debug -ErrorAction Stop).Name
(Get-SpuffInstance -Provider do -Debug -ErrorAction Stop).Name
"@
        $output | Should -Contain 'debug-a'
        $output | Should -Contain 'debug-b'
        ($output -join "`n") | Should -Not -Match 'bug in Spuff'
    }

    It 'creates and removes with VerbosePreference Inquire in a non-interactive pwsh' {
        $output = Invoke-FreshPwsh -Script @"
Import-Module '$script:ModulePath'
`$VerbosePreference = 'Inquire'; `$WarningPreference = 'Inquire'
`$made = New-SpuffInstance -Provider do -Name inquire-a -Verbose -ErrorAction Stop
`$made | Remove-SpuffInstance -Force -Verbose -ErrorAction Stop
'done ' + `$made.Name
"@
        $output | Should -Contain 'done inquire-a'
        ($output -join "`n") | Should -Not -Match 'bug in Spuff'
    }
}
