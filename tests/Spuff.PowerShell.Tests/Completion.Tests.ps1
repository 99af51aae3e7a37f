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

Describe '-Name and -Id completion from the provider''s own lists' {
    BeforeAll {
        $emulator = Get-TestEmulator
        Initialize-TestEmulator $emulator
        $web1 = New-SpuffInstance -Provider do -Name web-1 -Wait
        $web2 = New-SpuffInstance -Provider do -Name web-2
        $db = New-SpuffInstance -Provider do -Name db-1
        $snapshot = $web1 | New-SpuffSnapshot -Name golden-1

        function Get-ListCount([string] $Path) {
            @(Get-EmulatorRequest $emulator | Where-Object { $_.method -eq 'GET' -and $_.path -eq $Path }).Count
        }
    }

    AfterAll {
        Remove-TestEmulator $emulator
    }

    It 'offers instance names for -Name, with id, provider and status in the tooltip' {
        # A token of its own gives this test its own cache entry.
        $found = @(Get-Completion 'Get-SpuffInstance -Provider do -Token name-token -Name web')
        $found.CompletionText | Should -Be @('web-1', 'web-2')
        $found[0].ToolTip | Should -Match ([regex]::Escape("id $($web1.Id)"))
        $found[0].ToolTip | Should -Match 'digitalocean'
        $found[0].ToolTip | Should -Match $web1.Status
    }

    It 'offers instance ids for -Id on Get-, Wait- and Remove-SpuffInstance, the list text naming the instance' {
        foreach ($verb in 'Get', 'Wait', 'Remove') {
            $found = @(Get-Completion "$verb-SpuffInstance -Provider do -Token id-token -Id ")
            $found.CompletionText | Sort-Object | Should -Be (@($web1.Id, $web2.Id, $db.Id) | Sort-Object)
            ($found | Where-Object CompletionText -EQ $db.Id).ListItemText | Should -Match 'db-1'
        }
        @(Get-Completion 'Get-SpuffInstance -Provider do -Token id-token -Id db').CompletionText | Should -Be @($db.Id)
    }

    It 'offers snapshot ids for -Id on Get- and Remove-SpuffSnapshot' {
        @(Get-Completion 'Get-SpuffSnapshot -Provider do -Token snap-token -Id ').CompletionText | Should -Contain $snapshot.Id
        @(Get-Completion 'Remove-SpuffSnapshot -Provider do -Token snap-token -Id golden').CompletionText | Should -Be @($snapshot.Id)
    }

    It 'without -Provider, offers the instances of every configured provider' {
        @(Get-Completion 'Get-SpuffInstance -Name web').CompletionText | Should -Be @('web-1', 'web-2')
    }

    It 'fetches the list once and answers further Tabs from the cache' {
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'requests' -Method Delete
        $null = Get-Completion 'Get-SpuffInstance -Provider do -Token cache-token -Name '
        $first = Get-ListCount '/v2/droplets'
        $first | Should -BeGreaterThan 0
        $null = Get-Completion 'Get-SpuffInstance -Provider do -Token cache-token -Name w'
        $null = Get-Completion 'Remove-SpuffInstance -Provider do -Token cache-token -Id '
        Get-ListCount '/v2/droplets' | Should -Be $first
    }

    It 'offers nothing, quickly and quietly, when the provider is unreachable' {
        $saved = $env:SPUFF_DIGITALOCEAN_ENDPOINT
        $env:SPUFF_DIGITALOCEAN_ENDPOINT = 'http://127.0.0.1:9/v2/'
        $Error.Clear()
        try {
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $found = Get-Completion 'Get-SpuffInstance -Provider do -Token gone-token -Name ' 6>&1 5>&1 4>&1 3>&1 2>&1
            $watch.Stop()
            $found | Where-Object { $_ -isnot [System.Management.Automation.CompletionResult] } | Should -BeNullOrEmpty
            $found | Where-Object ResultType -EQ 'ParameterValue' | Should -BeNullOrEmpty
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 4
            $Error.Count | Should -Be 0
        }
        finally {
            $env:SPUFF_DIGITALOCEAN_ENDPOINT = $saved
        }
    }
}

Describe 'Completion cache keys' {
    It 'fingerprints a token by SHA-256 (as SessionCache does), stable and distinct per token' {
        $type = [Spuff.PowerShell.SpuffCmdlet].Assembly.GetType('Spuff.PowerShell.Completion.TokenFingerprint', $true)
        $of = { param($token) $type.GetMethod('Of', [Reflection.BindingFlags]'Static, Public, NonPublic').Invoke($null, @(, $token)) }
        $expected = [Convert]::ToBase64String([Security.Cryptography.SHA256]::HashData([Text.Encoding]::UTF8.GetBytes('dop_v1_example')))
        & $of 'dop_v1_example' | Should -BeExactly $expected
        & $of 'dop_v1_example2' | Should -Not -Be $expected
        & $of $null | Should -Be '-'
    }
}
