# Where credentials come from (issue 11): nothing configured, per-provider -Token, PSCredential, empty/NUL tokens,
# zero configuration from the hcloud and doctl CLIs and the AWS chain, and endpoint overrides. HOME always points
# at a temporary folder with fake CLI config files; the real home is never read.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $emulator = Get-TestEmulator

    # Every variable that could bring credentials in from the machine running the tests.
    $script:credentialVariables = @(
        'HOME', 'XDG_CONFIG_HOME', 'APPDATA',
        'DIGITALOCEAN_TOKEN', 'DIGITALOCEAN_ACCESS_TOKEN', 'DIGITALOCEAN_CONTEXT', 'DIGITALOCEAN_CONFIG',
        'HETZNER_TOKEN', 'HCLOUD_TOKEN', 'HCLOUD_CONTEXT', 'HCLOUD_CONFIG',
        'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN',
        'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE',
        'AWS_EC2_METADATA_DISABLED', 'AWS_REGION', 'AWS_DEFAULT_REGION',
        'DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_CONFIG',
        'SPUFF_DIGITALOCEAN_ENDPOINT', 'SPUFF_HETZNER_ENDPOINT', 'SPUFF_AWS_ENDPOINT', 'SPUFF_DOCKER_ENDPOINT')

    # Through $env: on purpose: [Environment]::SetEnvironmentVariable(name, $null) after a $env: assignment leaves
    # the variable set to an empty string for child processes on Linux (moto then looks for a profile named '').
    function Set-TestVariable([string] $Name, $Value) {
        if ($null -eq $Value) { Remove-Item -LiteralPath "env:$Name" -ErrorAction SilentlyContinue }
        else { Set-Item -LiteralPath "env:$Name" -Value $Value }
    }

    # A fresh fake home with nothing in it, and a process environment with no credential at all.
    function Enter-EmptyHome {
        $script:saved = @{}
        foreach ($name in $credentialVariables) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); Set-TestVariable $name $null }
        $script:fakeHome = Join-Path ([IO.Path]::GetTempPath()) ('spuff-home-' + [guid]::NewGuid().ToString('n'))
        $null = New-Item -ItemType Directory -Path $fakeHome
        $env:HOME = $fakeHome
        $env:AWS_EC2_METADATA_DISABLED = 'true'
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'reset'
    }

    function Exit-FakeHome {
        foreach ($name in $saved.Keys) { Set-TestVariable $name $saved[$name] }
        Remove-Item -LiteralPath $fakeHome -Recurse -Force -ErrorAction SilentlyContinue
        $global:PSDefaultParameterValues.Remove('*-Spuff*:Token')
    }

    function Set-FakeFile([string] $Relative, [string] $Text) {
        $path = Join-Path $fakeHome $Relative
        $null = New-Item -ItemType Directory -Force -Path (Split-Path $path)
        Set-Content -LiteralPath $path -Value $Text
    }

    function Get-TokensSeen([string] $PathPrefix) {
        # The request log comes back as one JSON array: unroll it before filtering.
        @(Get-EmulatorRequest $emulator | ForEach-Object { $_ } | Where-Object { $_.path -like "$PathPrefix*" } | ForEach-Object { $_.token } | Sort-Object -Unique)
    }

    $script:hcloudConfig = @'
active_context = "work"

[preferences]
  debug = false

[[contexts]]
  name = "play"
  token = "hcloud-play-token"

[[contexts]]
  name = "work"
  token = "hcloud-work-token"

  [contexts.preferences]
    location = "fsn1"
'@
    $script:doctlConfig = @'
access-token: doctl-default-token
auth-contexts:
  team: doctl-team-token
context: team
output: text
'@
}

AfterAll {
    Remove-TestEmulator $emulator
}

Describe 'Nothing configured' {
    BeforeEach { Enter-EmptyHome }
    AfterEach { Exit-FakeHome }

    It 'warns, naming the variables and parameters to set, instead of an empty success' {
        $result = Get-SpuffInstance -WarningVariable warnings -WarningAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $warnings.Count | Should -Be 1
        "$($warnings[0])" | Should -Match 'No provider has credentials'
        "$($warnings[0])" | Should -Match ([regex]::Escape('$env:DIGITALOCEAN_TOKEN'))
        "$($warnings[0])" | Should -Match ([regex]::Escape('$env:HETZNER_TOKEN'))
        "$($warnings[0])" | Should -Match '-Provider with -Token'
        Get-SpuffSnapshot -WarningVariable snapshotWarnings -WarningAction SilentlyContinue | Should -BeNullOrEmpty
        $snapshotWarnings.Count | Should -Be 1
    }

    It 'stops with ProviderAuthenticationFailed and a recommendation when -Provider names a provider without credentials' {
        foreach ($provider in 'digitalocean', 'hetzner') {
            $record = $null
            try { Get-SpuffInstance -Provider $provider } catch { $record = $_ }
            $record | Should -Not -BeNullOrEmpty
            $record.FullyQualifiedErrorId | Should -Be 'ProviderAuthenticationFailed,Spuff.PowerShell.Commands.GetSpuffInstanceCommand'
            $record.CategoryInfo.Category | Should -Be 'AuthenticationError'
            $record.ErrorDetails.RecommendedAction | Should -Match '-Token'
        }

        try { Get-SpuffInstance -Provider hetzner } catch { $record = $_ }
        $record.ErrorDetails.RecommendedAction | Should -Match 'hcloud context create'
        try { Get-SpuffInstance -Provider aws } catch { $record = $_ }
        $record.FullyQualifiedErrorId | Should -Be 'ProviderAuthenticationFailed,Spuff.PowerShell.Commands.GetSpuffInstanceCommand'
        Get-EmulatorRequest $emulator | Should -BeNullOrEmpty
    }

    It 'shows the AWS endpoint of the region the provider would use' {
        (Get-SpuffProvider aws).Endpoint | Should -Be 'https://ec2.us-east-1.amazonaws.com/'
        Set-FakeFile '.aws/config' "[default]`nregion = eu-west-1`n"
        (Get-SpuffProvider aws).Endpoint | Should -Be 'https://ec2.eu-west-1.amazonaws.com/'
        $env:AWS_REGION = 'ap-south-1'
        (Get-SpuffProvider aws).Endpoint | Should -Be 'https://ec2.ap-south-1.amazonaws.com/'
    }

    It 'reports no source in Get-SpuffProvider' {
        $providers = Get-SpuffProvider
        @($providers | Where-Object CredentialsFound) | Should -BeNullOrEmpty
        $providers.CredentialSource | Where-Object { $_ } | Should -BeNullOrEmpty
    }
}

Describe 'Zero configuration from the official CLIs' {
    BeforeEach {
        Enter-EmptyHome
        $env:SPUFF_DIGITALOCEAN_ENDPOINT = $emulator.Url
        $env:SPUFF_HETZNER_ENDPOINT = $emulator.Url
    }
    AfterEach { Exit-FakeHome }

    It 'uses the hcloud CLI active context, says so in -Verbose, and sends its token' {
        Set-FakeFile '.config/hcloud/cli.toml' $hcloudConfig
        (Get-SpuffProvider hetzner).CredentialSource | Should -Be "hcloud CLI context 'work' (~/.config/hcloud/cli.toml)"
        $output = Get-SpuffInstance -Provider hetzner -Verbose 4>&1
        ($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message |
            Should -Contain "hetzner: credentials from hcloud CLI context 'work' (~/.config/hcloud/cli.toml)."
        Get-TokensSeen '/v1/servers' | Should -Be @('hcloud-work-token')
    }

    It 'follows HCLOUD_CONTEXT and HCLOUD_CONFIG as hcloud does' {
        Set-FakeFile 'elsewhere/cli.toml' $hcloudConfig
        $env:HCLOUD_CONFIG = Join-Path $fakeHome 'elsewhere/cli.toml'
        $env:HCLOUD_CONTEXT = 'play'
        $null = Get-SpuffInstance -Provider hcloud
        Get-TokensSeen '/v1/servers' | Should -Be @('hcloud-play-token')
    }

    It 'prefers HETZNER_TOKEN to the hcloud CLI' {
        Set-FakeFile '.config/hcloud/cli.toml' $hcloudConfig
        $env:HETZNER_TOKEN = 'variable-token'
        (Get-SpuffProvider hetzner).CredentialSource | Should -Be '$env:HETZNER_TOKEN'
        $null = Get-SpuffInstance -Provider hetzner
        Get-TokensSeen '/v1/servers' | Should -Be @('variable-token')
    }

    It 'uses the doctl context and its token for a create' {
        Set-FakeFile '.config/doctl/config.yaml' $doctlConfig
        (Get-SpuffProvider do).CredentialSource | Should -Be "doctl context 'team' (~/.config/doctl/config.yaml)"
        $instance = New-SpuffInstance -Provider do -Name from-doctl
        $instance.Name | Should -Be 'from-doctl'
        Get-TokensSeen '/v2/' | Should -Be @('doctl-team-token')
    }

    It 'uses doctl access-token for the default context, and DIGITALOCEAN_CONTEXT' {
        Set-FakeFile '.config/doctl/config.yaml' $doctlConfig
        $env:DIGITALOCEAN_CONTEXT = 'default'
        (Get-SpuffProvider do).CredentialSource | Should -Be "doctl context 'default' (`$env:DIGITALOCEAN_CONTEXT, ~/.config/doctl/config.yaml)"
        $null = Get-SpuffInstance -Provider do
        Get-TokensSeen '/v2/droplets' | Should -Be @('doctl-default-token')
    }

    It 'asks both CLIs'' accounts in one call without -Provider' {
        Set-FakeFile '.config/hcloud/cli.toml' $hcloudConfig
        Set-FakeFile '.config/doctl/config.yaml' $doctlConfig
        $null = New-SpuffInstance -Provider do -Name do-1
        $null = New-SpuffInstance -Provider hetzner -Name hz-1 -Region fsn1
        (Get-SpuffInstance).Name | Sort-Object | Should -Be @('do-1', 'hz-1')
        Get-TokensSeen '/v2/' | Should -Be @('doctl-team-token')
        Get-TokensSeen '/v1/' | Should -Be @('hcloud-work-token')
    }

    It 'says in -Verbose why an unreadable CLI config gave nothing' {
        Set-FakeFile '.config/hcloud/cli.toml' "active_context = `"gone`"`n[[contexts]]`nname = `"work`"`ntoken = `"t`""
        $messages = (Get-SpuffProvider hetzner -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message
        $messages | Should -Contain "hetzner: the hcloud CLI context 'gone' is not in ~/.config/hcloud/cli.toml."
        (Get-SpuffProvider hetzner).CredentialsFound | Should -BeFalse
    }
}

Describe 'Per-provider tokens' {
    BeforeEach {
        Enter-EmptyHome
        $env:SPUFF_DIGITALOCEAN_ENDPOINT = $emulator.ApiUrl
        $env:SPUFF_HETZNER_ENDPOINT = "$($emulator.Url)/v1"
    }
    AfterEach { Exit-FakeHome }

    It 'takes a hashtable in $PSDefaultParameterValues and sends each provider only its own token' {
        $global:PSDefaultParameterValues['*-Spuff*:Token'] = @{ digitalocean = 'do-table-token'; hcloud = (ConvertTo-SecureString 'hz-table-token' -AsPlainText -Force) }
        # AWS is configured too: a token must never reach it (it used to fail the whole call with "credential chain").
        $env:AWS_ACCESS_KEY_ID = 'testing'; $env:AWS_SECRET_ACCESS_KEY = 'testing'; $env:AWS_REGION = 'us-east-1'
        $env:SPUFF_AWS_ENDPOINT = 'http://127.0.0.1:9'
        $null = New-SpuffInstance -Provider do -Name do-1
        $null = New-SpuffInstance -Provider hetzner -Name hz-1 -Region fsn1
        $found = Get-SpuffInstance -ErrorVariable problems -ErrorAction SilentlyContinue
        $found.Name | Sort-Object | Should -Be @('do-1', 'hz-1')
        Get-TokensSeen '/v2/' | Should -Be @('do-table-token')
        Get-TokensSeen '/v1/' | Should -Be @('hz-table-token')
        # AWS was asked (nothing listens on port 9): a connection error, never a complaint about -Token.
        ($problems | ForEach-Object { "$_" }) -join "`n" | Should -Not -Match 'Token|credential chain'
    }

    It 'refuses one plain -Token without -Provider, naming -Token, before any request' {
        $env:DIGITALOCEAN_TOKEN = 'env-token'
        $null = Get-SpuffInstance -Token 'one-token' -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -Be 'ProviderRequestInvalid,Spuff.PowerShell.Commands.GetSpuffInstanceCommand'
        "$($problems[0])" | Should -Match '-Token'
        "$($problems[0])" | Should -Match '@\{ digitalocean'
        Get-EmulatorRequest $emulator | Should -BeNullOrEmpty
    }

    It 'uses a hashtable entry for its provider and the environment for a provider it leaves out' {
        $env:HETZNER_TOKEN = 'hz-env-token'
        $null = Get-SpuffInstance -Token @{ do = 'do-only-token' }
        Get-TokensSeen '/v2/' | Should -Be @('do-only-token')
        Get-TokensSeen '/v1/' | Should -Be @('hz-env-token')
    }

    It 'takes a PSCredential whose password is the token, alone or in a hashtable' {
        $credential = [pscredential]::new('token', (ConvertTo-SecureString 'credential-token' -AsPlainText -Force))
        $null = New-SpuffInstance -Provider do -Name from-credential -Token $credential
        $null = Get-SpuffInstance -Provider hetzner -Token @{ hetzner = [pscredential]::new('x', (ConvertTo-SecureString 'hz-credential' -AsPlainText -Force)) }
        Get-TokensSeen '/v2/' | Should -Be @('credential-token')
        Get-TokensSeen '/v1/' | Should -Be @('hz-credential')
    }

    It 'refuses <Case> while binding, naming -Token, before any request' -ForEach @(
        @{ Case = 'an empty token'; Value = '' }
        @{ Case = 'a NUL character'; Value = "abc`0def" }
        @{ Case = 'a null token'; Value = $null }
        @{ Case = 'only white space'; Value = '   ' }
        @{ Case = 'a PSCredential with an empty password'; Value = [pscredential]::new('x', [securestring]::new()) }
        @{ Case = 'an empty SecureString'; Value = [securestring]::new() }
        @{ Case = 'a token for AWS in the hashtable'; Value = @{ aws = 'x' } }
        @{ Case = 'an unknown provider in the hashtable'; Value = @{ azure = 'x' } }
        @{ Case = 'an empty hashtable entry'; Value = @{ digitalocean = '' } }
        @{ Case = 'an empty hashtable'; Value = @{} }
        @{ Case = 'a number'; Value = 42 }
        @{ Case = 'a control character'; Value = "ab`tcd" }
        @{ Case = 'a token longer than any provider issues'; Value = 'x' * 5000 }
        @{ Case = 'a control character in a hashtable entry'; Value = @{ hetzner = "a`nb" } }
    ) {
        $env:DIGITALOCEAN_TOKEN = 'env-token'
        $record = $null
        try { Get-SpuffInstance -Provider do -Token $Value } catch { $record = $_ }
        $record | Should -Not -BeNullOrEmpty
        $record.FullyQualifiedErrorId | Should -BeLike 'ParameterArgument*Error,Spuff.PowerShell.Commands.GetSpuffInstanceCommand'
        "$record" | Should -Match "parameter 'Token'"
        Get-EmulatorRequest $emulator | Should -BeNullOrEmpty
    }
}

Describe 'Endpoint overrides' {
    BeforeEach {
        Enter-EmptyHome
        $env:DIGITALOCEAN_TOKEN = 'endpoint-token'
        $env:HETZNER_TOKEN = 'endpoint-token'
    }
    AfterEach { Exit-FakeHome }

    It 'accepts <Given> for DigitalOcean' -ForEach @(
        @{ Given = 'the host alone'; Suffix = '' }
        @{ Given = 'the host and a slash'; Suffix = '/' }
        @{ Given = 'the host and /v2'; Suffix = '/v2' }
        @{ Given = 'the host and /v2/'; Suffix = '/v2/' }
    ) {
        $env:SPUFF_DIGITALOCEAN_ENDPOINT = $emulator.Url + $Suffix
        (New-SpuffInstance -Provider do -Name endpoint-1).Name | Should -Be 'endpoint-1'
        (Get-SpuffInstance -Provider do -Name endpoint-1).Name | Should -Be 'endpoint-1'
        (Get-SpuffProvider do).Endpoint | Should -Be "$($emulator.Url)/v2/"
    }

    It 'accepts the host alone for Hetzner' {
        $env:SPUFF_HETZNER_ENDPOINT = $emulator.Url
        (New-SpuffInstance -Provider hetzner -Name endpoint-h -Region fsn1).Name | Should -Be 'endpoint-h'
        (Get-SpuffProvider hetzner).Endpoint | Should -Be "$($emulator.Url)/v1/"
    }

    It 'refuses another API version, naming the variable, before any request' {
        $env:SPUFF_DIGITALOCEAN_ENDPOINT = "$($emulator.Url)/v1"
        $record = $null
        try { New-SpuffInstance -Provider do -Name wrong-version -ErrorAction Stop } catch { $record = $_ }
        $record.FullyQualifiedErrorId | Should -BeLike 'ProviderRequestInvalid,*'
        "$record" | Should -Match 'SPUFF_DIGITALOCEAN_ENDPOINT'
        "$record" | Should -Match '/v2'
        Get-EmulatorRequest $emulator | Should -BeNullOrEmpty
        Get-SpuffProvider do -WarningVariable warnings -WarningAction SilentlyContinue | Out-Null
        "$warnings" | Should -Match 'SPUFF_DIGITALOCEAN_ENDPOINT'
    }

    It 'shows the endpoint in use, the provider''s own when nothing overrides it' {
        (Get-SpuffProvider do).Endpoint | Should -Be 'https://api.digitalocean.com/v2/'
        (Get-SpuffProvider hetzner).Endpoint | Should -Be 'https://api.hetzner.cloud/v1/'
        $env:SPUFF_DIGITALOCEAN_ENDPOINT = $emulator.Url
        (Get-SpuffProvider do).Endpoint | Should -Be "$($emulator.Url)/v2/"
    }

    It 'says in -Verbose that an override is in effect' {
        $env:SPUFF_DIGITALOCEAN_ENDPOINT = $emulator.Url
        $messages = (Get-SpuffInstance -Provider do -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message
        $messages | Where-Object { $_ -like "*using the endpoint $($emulator.Url)/v2/ from `$env:SPUFF_DIGITALOCEAN_ENDPOINT*" } | Should -Not -BeNullOrEmpty
    }

    It 'warns when a remote override would receive the token' {
        # Nothing answers on this TEST-NET address; the warning comes when the provider is made (before -WhatIf
        # stops the create), so no request is needed.
        $env:SPUFF_DIGITALOCEAN_ENDPOINT = 'https://192.0.2.1'
        $null = New-SpuffInstance -Provider do -Name remote -WhatIf -WarningVariable warnings -WarningAction SilentlyContinue
        "$warnings" | Should -Match '192\.0\.2\.1'
        "$warnings" | Should -Match 'api\.digitalocean\.com'
    }
}

Describe 'Get-SpuffProvider view' {
    It 'uses the property names as column headings' {
        $view = Get-FormatData -TypeName Spuff.PowerShell.SpuffProviderInfo
        $headings = $view.FormatViewDefinition[0].Control.Headers.Label
        $properties = (Get-SpuffProvider do).PSObject.Properties.Name
        $headings | Should -Not -BeNullOrEmpty
        foreach ($heading in $headings) { $properties | Should -Contain $heading }
        $headings | Should -Contain 'CredentialSource'
        $headings | Should -Contain 'Endpoint'
    }

    It 'filters by what the table shows' {
        $saved = $env:DIGITALOCEAN_TOKEN
        try {
            $env:DIGITALOCEAN_TOKEN = 'x'
            (Get-SpuffProvider | Where-Object CredentialsFound).Name | Should -Contain 'digitalocean'
            (Get-SpuffProvider | Where-Object CredentialSource -EQ '$env:DIGITALOCEAN_TOKEN').Name | Should -Be 'digitalocean'
        }
        finally { $env:DIGITALOCEAN_TOKEN = $saved }
    }
}

Describe 'The AWS credential chain' {
    BeforeAll {
        # moto stands in for EC2 (it takes any key); the profiles under test exist only in ~/.aws/config.
        $moto = (Get-Command moto_server -ErrorAction SilentlyContinue).Source
        if (-not $moto) { $moto = Get-ChildItem "$HOME/.pyenv/versions/*/bin/moto_server" -ErrorAction SilentlyContinue | Select-Object -First 1 -ExpandProperty FullName }
        if (-not $moto) { throw 'moto_server (moto 5.2.1) is not on PATH; the AWS tests need it.' }
        $script:motoWork = Join-Path ([IO.Path]::GetTempPath()) ('spuff-moto-creds-' + [guid]::NewGuid().ToString('n'))
        $null = New-Item -ItemType Directory -Path $motoWork
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $script:motoPort = $listener.LocalEndpoint.Port; $listener.Stop()
        $script:motoProcess = Start-Process -FilePath $moto -ArgumentList '-H', '127.0.0.1', '-p', $motoPort -WorkingDirectory $motoWork -PassThru `
            -RedirectStandardOutput (Join-Path $motoWork 'moto.out') -RedirectStandardError (Join-Path $motoWork 'moto.err')
        $deadline = (Get-Date).AddSeconds(30)
        while ($true) {
            try { $null = Invoke-RestMethod -Method Post -Uri "http://127.0.0.1:$motoPort/moto-api/reset"; break }
            catch { if ((Get-Date) -gt $deadline) { throw "moto_server did not answer: $(Get-Content (Join-Path $motoWork 'moto.err') -Raw)" }; Start-Sleep -Milliseconds 200 }
        }

        # credential_process: what SSO helpers, aws-vault and friends plug in; a config-only profile.
        $script:credentialProcess = Join-Path $motoWork 'credentials.sh'
        Set-Content -LiteralPath $credentialProcess -Value "#!/bin/sh`necho '{`"Version`": 1, `"AccessKeyId`": `"AKIAPROCESS`", `"SecretAccessKey`": `"process-secret`"}'"
        chmod +x $credentialProcess
    }
    AfterAll {
        if ($motoProcess -and -not $motoProcess.HasExited) { Stop-Process -Id $motoProcess.Id -Force }
        Remove-Item -LiteralPath $motoWork -Recurse -Force -ErrorAction SilentlyContinue
    }
    BeforeEach {
        Enter-EmptyHome
        $env:SPUFF_AWS_ENDPOINT = "http://127.0.0.1:$motoPort"
        $env:AWS_REGION = 'us-east-1'
    }
    AfterEach { Exit-FakeHome }

    # The AWS SDK fixes its ~/.aws folder when it first loads, so this runs in a fresh pwsh with the fake home (as a
    # user's session would start). One process for every case: each pays for loading the SDK.
    It 'finds profiles that exist only in ~/.aws/config and lists through them' {
        Set-FakeFile '.aws/config' "[default]`nregion = us-east-1`ncredential_process = $credentialProcess`n[profile tools]`ncredential_process = $credentialProcess`n[profile other]`ncredential_process = $credentialProcess`n"
        $output = Invoke-FreshPwsh -Script @"
`$PSStyle.OutputRendering = 'PlainText'
Import-Module '$ModulePath'
function Show([string] `$Case) {
    'source=' + (Get-SpuffProvider aws).CredentialSource
    # Without -Provider AWS is asked (it used to be skipped as "no credentials"), and answers.
    `$output = Get-SpuffInstance -Verbose -ErrorVariable problems -WarningVariable warnings 4>&1
    'problems=' + (`$problems -join ' | ')
    'warnings=' + (`$warnings -join ' | ')
    (`$output | Where-Object { `$_ -is [System.Management.Automation.VerboseRecord] }).Message | ForEach-Object { 'verbose=' + `$_ }
}
Show
`$env:AWS_PROFILE = 'tools'
Show
`$env:AWS_PROFILE = `$null
try { Get-SpuffInstance -Provider aws -ProfileName other -ErrorAction Stop; 'profile other listed' } catch { 'profile other failed: ' + `$_ }
"@
        $default = "AWS profile 'default' (~/.aws/config)"
        $tools = "AWS profile 'tools' (`$env:AWS_PROFILE, ~/.aws/config)"
        $output | Should -Contain "source=$default"
        $output | Should -Contain "verbose=aws: credentials from $default."
        $output | Should -Contain "source=$tools"
        $output | Should -Contain "verbose=aws: credentials from $tools."
        @($output | Where-Object { $_ -eq 'problems=' }).Count | Should -Be 2 -Because ($output -join "`n")
        @($output | Where-Object { $_ -eq 'warnings=' }).Count | Should -Be 2
        $output | Where-Object { $_ -like 'verbose=Skipping aws*' } | Should -BeNullOrEmpty
        $output | Should -Contain 'profile other listed'
    }

    It 'says which step answered: environment keys before profiles' {
        Set-FakeFile '.aws/config' "[default]`ncredential_process = $credentialProcess`n"
        $env:AWS_ACCESS_KEY_ID = 'testing'; $env:AWS_SECRET_ACCESS_KEY = 'testing'
        (Get-SpuffProvider aws).CredentialSource | Should -Be '$env:AWS_ACCESS_KEY_ID'
    }

    It 'does not count a region-only default profile as credentials' {
        Set-FakeFile '.aws/config' "[default]`nregion = eu-west-1`n"
        (Get-SpuffProvider aws).CredentialsFound | Should -BeFalse
    }
}
