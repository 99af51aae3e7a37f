# -Label filters on Get-SpuffInstance and Get-SpuffSnapshot, and name matching that does not depend on the culture.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $emulator = Get-TestEmulator

    # The list requests the emulator saw since the last reset, as "path?query".
    function Get-ListQuery {
        param([string] $Path)
        Get-EmulatorRequest $emulator | Where-Object { $_.method -eq 'GET' -and $_.path -eq $Path } | ForEach-Object { [uri]::UnescapeDataString($_.query) }
    }
}

AfterAll {
    Remove-TestEmulator $emulator
    $env:HETZNER_TOKEN = $null
    $env:SPUFF_HETZNER_ENDPOINT = $null
}

Describe 'Get-SpuffInstance -Label' {
    BeforeEach {
        Initialize-TestEmulator $emulator
        $null = New-SpuffInstance -Provider do -Name qa-1 -Label @{ team = 'qa'; env = 'dev' }
        $null = New-SpuffInstance -Provider do -Name qa-2 -Label @{ team = 'qa'; env = 'prod' }
        $null = New-SpuffInstance -Provider do -Name ops-1 -Label @{ team = 'ops'; env = 'dev' }
    }

    It 'lists only the instances that carry the label, asking DigitalOcean by tag_name' {
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'requests' -Method Delete
        (Get-SpuffInstance -Provider do -Label @{ team = 'qa' }).Name | Sort-Object | Should -Be @('qa-1', 'qa-2')
        $queries = @(Get-ListQuery '/v2/droplets')
        $queries.Count | Should -BeGreaterThan 0
        $queries | ForEach-Object { $_ | Should -Match '(^|&)tag_name=team:qa(&|$)' }
    }

    It 'needs every label of the filter (AND), and combines with -Name' {
        (Get-SpuffInstance -Provider do -Label @{ team = 'qa'; env = 'dev' }).Name | Should -Be 'qa-1'
        (Get-SpuffInstance -Provider do -Label @{ env = 'dev' } -Name 'ops-*').Name | Should -Be 'ops-1'
        Get-SpuffInstance -Provider do -Label @{ team = 'nobody' } | Should -BeNullOrEmpty
    }

    It 'takes a number or a boolean as the value, written invariantly' {
        $null = New-SpuffInstance -Provider do -Name tier-1 -Label @{ tier = '1' }
        (Get-SpuffInstance -Provider do -Label @{ tier = 1 }).Name | Should -Be 'tier-1'
    }

    It 'filters without -Provider too (every configured provider)' {
        $saved = @{}
        # Remove-Item, not [Environment]::SetEnvironmentVariable($name, $null): PowerShell passes $null to a string
        # parameter as '', which leaves AWS_PROFILE='' for later child processes (moto then fails every request).
        foreach ($name in 'HETZNER_TOKEN', 'HCLOUD_TOKEN', 'AWS_ACCESS_KEY_ID', 'AWS_PROFILE', 'DOCKER_HOST') { $saved[$name] = [Environment]::GetEnvironmentVariable($name); Remove-Item "env:$name" -ErrorAction SilentlyContinue }
        try {
            (Get-SpuffInstance -Label @{ team = 'ops' } -WarningAction SilentlyContinue -ErrorAction SilentlyContinue | Where-Object Provider -EQ 'digitalocean').Name | Should -Be 'ops-1'
        }
        finally { foreach ($name in $saved.Keys) { if ($null -eq $saved[$name]) { Remove-Item "env:$name" -ErrorAction SilentlyContinue } else { Set-Item "env:$name" $saved[$name] } } }
    }

    It 'refuses <Case> at binding, naming -Label, before any request' -ForEach @(
        @{ Case = 'an empty key'; Filter = @{ '' = 'x' } }
        @{ Case = 'a blank key'; Filter = @{ ' ' = 'x' } }
        @{ Case = 'a null value'; Filter = @{ team = $null } }
        @{ Case = 'a list value'; Filter = @{ team = @('qa', 'ops') } }
        @{ Case = 'a hashtable value'; Filter = @{ team = @{ name = 'qa' } } }
        @{ Case = 'a script block value'; Filter = @{ team = { 'qa' } } }
        @{ Case = 'a key with NUL'; Filter = @{ "te`0am" = 'qa' } }
        @{ Case = 'a value with NUL'; Filter = @{ team = "q`0a" } }
        @{ Case = 'a value with a line break'; Filter = @{ team = "qa`nops" } }
        @{ Case = 'a key with a zero-width space'; Filter = @{ "team`u{200B}" = 'qa' } }
        @{ Case = 'a 256-character key'; Filter = @{ ('k' * 256) = 'qa' } }
        @{ Case = 'a 256-character value'; Filter = @{ team = ('v' * 256) } }
    ) {
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'requests' -Method Delete
        { Get-SpuffInstance -Provider do -Label $Filter } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Spuff.PowerShell.Commands.GetSpuffInstanceCommand'
        try { Get-SpuffInstance -Provider do -Label $Filter } catch { $_.Exception.ParameterName | Should -Be 'Label' }
        Get-EmulatorRequest $emulator | Should -BeNullOrEmpty
    }

    It 'is documented with an example' {
        $help = Get-Help Get-SpuffInstance -Full
        ($help.parameters.parameter | Where-Object name -EQ 'Label').description.Text | Should -Match 'label'
        ($help.examples.example.code -join "`n") | Should -Match '-Label @\{'
    }
}

Describe 'Get-SpuffInstance -Label on Hetzner' {
    BeforeAll {
        Initialize-TestEmulator $emulator
        $env:SPUFF_HETZNER_ENDPOINT = "$($emulator.Url)/v1/"
        $env:HETZNER_TOKEN = 'hetzner-test-token'
    }

    It 'asks Hetzner with a label_selector' {
        $null = New-SpuffInstance -Provider hetzner -Name hz-qa -Label @{ team = 'qa' }
        $null = New-SpuffInstance -Provider hetzner -Name hz-ops -Label @{ team = 'ops' }
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'requests' -Method Delete
        (Get-SpuffInstance -Provider hetzner -Label @{ team = 'qa' }).Name | Should -Be 'hz-qa'
        $queries = @(Get-ListQuery '/v1/servers')
        $queries.Count | Should -BeGreaterThan 0
        $queries | ForEach-Object { $_ | Should -Match 'label_selector=[^&]*team=qa' }
    }
}

Describe 'Get-SpuffSnapshot -Label' {
    BeforeAll {
        Initialize-TestEmulator $emulator
        $source = New-SpuffInstance -Provider do -Name snap-src -Wait
        $golden = $source | New-SpuffSnapshot -Name golden
        $other = $source | New-SpuffSnapshot -Name other
    }

    It 'lists only the snapshots that carry the label, asking DigitalOcean by tag_name' {
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'requests' -Method Delete
        $found = Get-SpuffSnapshot -Provider do -Label @{ 'spuff-source' = $source.Id }
        $found.Name | Sort-Object | Should -Be @('golden', 'other')
        Get-SpuffSnapshot -Provider do -Label @{ 'spuff-source' = 'nothing' } | Should -BeNullOrEmpty
        (Get-ListQuery '/v2/images') | Should -Match 'tag_name='
    }

    It 'refuses an empty key at binding' {
        { Get-SpuffSnapshot -Provider do -Label @{ '' = 'x' } } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Spuff.PowerShell.Commands.GetSpuffSnapshotCommand'
    }

    It 'refuses <Case> at binding, naming -Label, before any request' -ForEach @(
        @{ Case = 'a value with NUL'; Filter = @{ 'spuff-source' = "x`0y" } }
        @{ Case = 'a key with a control character'; Filter = @{ "spuff`u{1B}source" = 'x' } }
        @{ Case = 'a 300-character value'; Filter = @{ 'spuff-source' = ('v' * 300) } }
    ) {
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'requests' -Method Delete
        { Get-SpuffSnapshot -Provider do -Label $Filter } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Spuff.PowerShell.Commands.GetSpuffSnapshotCommand'
        try { Get-SpuffSnapshot -Provider do -Label $Filter } catch { $_.Exception.ParameterName | Should -Be 'Label' }
        Get-EmulatorRequest $emulator | Should -BeNullOrEmpty
    }

    It 'still accepts a 255-character value and an empty value' {
        { Get-SpuffSnapshot -Provider do -Label @{ 'spuff-source' = ('v' * 255) } } | Should -Not -Throw
        { Get-SpuffSnapshot -Provider do -Label @{ 'spuff-source' = '' } } | Should -Not -Throw
    }
}

Describe 'Name matching in a tr-TR session' {
    BeforeAll {
        Initialize-TestEmulator $emulator
        $vm = New-SpuffInstance -Provider do -Name istanbul-1 -Wait
        $snapshot = $vm | New-SpuffSnapshot -Name istanbul-golden
    }

    BeforeEach {
        $savedCulture = [cultureinfo]::CurrentCulture
        [cultureinfo]::CurrentCulture = [cultureinfo]::GetCultureInfo('tr-TR')
    }

    AfterEach {
        [cultureinfo]::CurrentCulture = $savedCulture
    }

    It 'finds istanbul-1 by ISTANBUL-1, literally and by wildcard' {
        # In tr-TR, 'I' lowers to dotless 'ı': culture-aware case folding would miss it.
        'ISTANBUL-1'.ToLower() | Should -Not -Be 'istanbul-1'
        (Get-SpuffInstance -Provider do -Name ISTANBUL-1 -ErrorVariable problems).Id | Should -Be $vm.Id
        $problems | Should -BeNullOrEmpty
        (Get-SpuffInstance -Provider do -Name 'ISTANBUL-*').Id | Should -Be $vm.Id
    }

    It 'finds snapshots and providers the same way' {
        (Get-SpuffSnapshot -Provider do -Name ISTANBUL-GOLDEN).Id | Should -Be $snapshot.Id
        (Get-SpuffSnapshot -Provider do -Name 'ISTANBUL-*').Id | Should -Be $snapshot.Id
        (Get-SpuffProvider -Name DIGITALOCEAN).Name | Should -Be 'digitalocean'
    }
}
