BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
}

Describe 'Get-SpuffProvider' {
    BeforeEach {
        $savedToken = $env:DIGITALOCEAN_TOKEN
    }
    AfterEach {
        $env:DIGITALOCEAN_TOKEN = $savedToken
    }

    It 'lists every provider with its aliases and credential variables' {
        $providers = Get-SpuffProvider
        $providers.Name | Should -Be @('digitalocean', 'hetzner', 'aws', 'docker')
        ($providers | Where-Object Name -EQ 'digitalocean').Aliases | Should -Be @('do')
        ($providers | Where-Object Name -EQ 'hetzner').TokenVariables | Should -Be @('HETZNER_TOKEN', 'HCLOUD_TOKEN')
        ($providers | Where-Object Name -EQ 'docker').TokenVariables | Should -BeNullOrEmpty
        $providers[0] | Should -BeOfType ([Spuff.PowerShell.SpuffProviderInfo])
    }

    It 'reports DigitalOcean as implemented with snapshots' {
        $do = Get-SpuffProvider -Name digitalocean
        $do.Implemented | Should -BeTrue
        $do.SupportsSnapshots | Should -BeTrue
    }

    It 'says whether credentials are found without ever showing them' {
        $env:DIGITALOCEAN_TOKEN = 'dop_v1_very-secret-value'
        $found = Get-SpuffProvider -Name do
        $found.CredentialsFound | Should -BeTrue
        ($found | Format-List * | Out-String) | Should -Not -Match 'very-secret-value'
        ($found | ConvertTo-Json) | Should -Not -Match 'very-secret-value'

        $env:DIGITALOCEAN_TOKEN = $null
        (Get-SpuffProvider -Name do).CredentialsFound | Should -BeFalse
    }

    It 'filters by alias and wildcard' {
        (Get-SpuffProvider -Name hcloud).Name | Should -Be 'hetzner'
        (Get-SpuffProvider -Name 'd*').Name | Should -Be @('digitalocean', 'docker')
    }

    It 'reports an unknown name as a non-terminating ProviderUnknown error' {
        $result = Get-SpuffProvider -Name azure -ErrorAction SilentlyContinue -ErrorVariable problems
        $result | Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ProviderUnknown,*'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'formats as a table with the credential source column' {
        $env:DIGITALOCEAN_TOKEN = 'dop_v1_very-secret-value'
        $text = Get-SpuffProvider | Out-String -Width 250
        $text | Should -Match 'Implemented'
        $text | Should -Match ([regex]::Escape('$env:DIGITALOCEAN_TOKEN'))
        $text | Should -Not -Match 'very-secret-value'
    }
}
