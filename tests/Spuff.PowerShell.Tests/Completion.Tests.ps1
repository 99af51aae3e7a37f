# Tab completion through TabExpansion2, as a user's Tab key reaches it.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')

    function Get-Completion([string] $Line) {
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
    }
}

Describe '-ProfileName completion' {
    BeforeAll {
        $folder = Join-Path ([IO.Path]::GetTempPath()) ("spuff-aws-{0}" -f [guid]::NewGuid().ToString('n'))
        $null = New-Item -ItemType Directory -Path $folder
        Set-Content -LiteralPath (Join-Path $folder 'credentials') -Value "[default]`naws_access_key_id = AKIAEXAMPLE`naws_secret_access_key = secret`n[ci-keys]`naws_access_key_id = AKIA2`n"
        Set-Content -LiteralPath (Join-Path $folder 'config') -Value "[default]`nregion = eu-west-1`n[profile sso-dev]`nsso_start_url = https://example.invalid`n[profile ci-role]`nrole_arn = arn:aws:iam::1:role/x`n[sso-session corp]`nsso_region = eu-west-1`n"
        $saved = @{ AWS_CONFIG_FILE = $env:AWS_CONFIG_FILE; AWS_SHARED_CREDENTIALS_FILE = $env:AWS_SHARED_CREDENTIALS_FILE }
        $env:AWS_CONFIG_FILE = Join-Path $folder 'config'
        $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $folder 'credentials'
    }

    AfterAll {
        foreach ($name in $saved.Keys) { Set-Item -Path "env:$name" -Value $saved[$name] -ErrorAction SilentlyContinue; if (-not $saved[$name]) { Remove-Item -Path "env:$name" -ErrorAction SilentlyContinue } }
        Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'offers the profiles of both files, without sso-session sections or secrets' {
        $names = @((Get-Completion 'Get-SpuffInstance -Provider aws -ProfileName ').CompletionText)
        $names | Should -Be @('ci-keys', 'ci-role', 'default', 'sso-dev')
        (Get-Completion 'Get-SpuffInstance -Provider aws -ProfileName ').ToolTip -join ' ' | Should -Not -Match 'AKIA|secret'
    }

    It 'completes a prefix, on every cmdlet that takes -ProfileName' {
        @((Get-Completion 'New-SpuffInstance -Provider aws -ProfileName ci-').CompletionText) | Should -Be @('ci-keys', 'ci-role')
        @((Get-Completion 'Get-SpuffSnapshot -ProfileName sso').CompletionText) | Should -Be @('sso-dev')
    }

    It 'offers nothing, quietly, when the files do not exist' {
        $env:AWS_CONFIG_FILE = Join-Path $folder 'missing-config'
        $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $folder 'missing-credentials'
        try {
            Get-Completion 'Get-SpuffInstance -ProfileName ' | Where-Object ResultType -EQ 'ParameterValue' | Should -BeNullOrEmpty
        }
        finally {
            $env:AWS_CONFIG_FILE = Join-Path $folder 'config'
            $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $folder 'credentials'
        }
    }
}

Describe '-Region completion without -Provider' {
    BeforeAll {
        $emulator = Get-TestEmulator
        Initialize-TestEmulator $emulator
        $env:SPUFF_HETZNER_ENDPOINT = "$($emulator.Url)/v1/"
        $env:HETZNER_TOKEN = 'hetzner-test-token'
    }

    AfterAll {
        Remove-Item env:HETZNER_TOKEN, env:SPUFF_HETZNER_ENDPOINT -ErrorAction SilentlyContinue
        Remove-TestEmulator $emulator
    }

    It 'offers the regions of every configured provider, each saying its provider' {
        $found = @(Get-Completion 'Get-SpuffInstance -Region ')
        $byText = @{}
        foreach ($match in $found) { $byText[$match.CompletionText] = $match }
        $byText.Keys | Should -Contain 'nyc3'
        $byText.Keys | Should -Contain 'fsn1'
        $byText['nyc3'].ListItemText | Should -Match '\(.*digitalocean.*\)'
        $byText['fsn1'].ListItemText | Should -Match '\(.*hetzner.*\)'
        @(Get-Completion 'New-SpuffInstance -Region fs').CompletionText | Should -Be @('fsn1')
    }
}
