BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $emulator = Get-TestEmulator
}

AfterAll {
    Remove-TestEmulator $emulator
}

Describe 'Get-SpuffInstance' {
    BeforeEach {
        Initialize-TestEmulator $emulator
        $web = New-SpuffInstance -Provider do -Name web-1
        $db = New-SpuffInstance -Provider do -Name db-1
    }

    It 'lists every instance of a provider' {
        $all = Get-SpuffInstance -Provider do
        $all.Name | Sort-Object | Should -Be @('db-1', 'web-1')
        $all[0] | Should -BeOfType ([Spuff.Core.ProviderInstance])
    }

    It 'asks every provider with credentials when -Provider is left out' {
        $saved = @{}
        # Remove-Item, not [Environment]::SetEnvironmentVariable($name, $null): PowerShell passes $null to a string
        # parameter as '', which leaves AWS_PROFILE='' for later child processes (moto then fails every request).
        foreach ($name in 'HETZNER_TOKEN', 'HCLOUD_TOKEN', 'AWS_ACCESS_KEY_ID', 'AWS_PROFILE', 'DOCKER_HOST') { $saved[$name] = [Environment]::GetEnvironmentVariable($name); Remove-Item "env:$name" -ErrorAction SilentlyContinue }
        try {
            $output = Get-SpuffInstance -Verbose 4>&1
            ($output | Where-Object { $_ -is [Spuff.Core.ProviderInstance] -and $_.Provider -eq 'digitalocean' }).Name | Sort-Object | Should -Be @('db-1', 'web-1')
            # Hetzner is skipped quietly: not implemented yet, or (once it is) no token in the environment.
            $messages = ($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message
            @($messages -match '^Skipping hetzner: ').Count | Should -Be 1
        }
        finally { foreach ($name in $saved.Keys) { if ($null -eq $saved[$name]) { Remove-Item "env:$name" -ErrorAction SilentlyContinue } else { Set-Item "env:$name" $saved[$name] } } }
    }

    It 'filters by name with wildcards' {
        (Get-SpuffInstance -Provider do -Name 'web-*').Name | Should -Be 'web-1'
        (Get-SpuffInstance -Provider do -Name 'WEB-1').Name | Should -Be 'web-1'
    }

    It 'gets instances by id, also by property name from the pipeline' {
        (Get-SpuffInstance -Provider do -Id $db.Id).Name | Should -Be 'db-1'
        ([pscustomobject]@{ Id = $web.Id } | Get-SpuffInstance -Provider do).Name | Should -Be 'web-1'
    }

    It 'continues past a missing id with -ErrorAction SilentlyContinue' {
        $found = Get-SpuffInstance -Provider do -Id '999999', $web.Id -ErrorAction SilentlyContinue -ErrorVariable problems
        $found.Name | Should -Be 'web-1'
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'InstanceNotFound,Spuff.PowerShell.Commands.GetSpuffInstanceCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problems[0].TargetObject | Should -Be '999999'
    }

    It 'goes on to the next id when one id fails' {
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'faults' -Body @{ method = 'GET'; pathPrefix = "/v2/droplets/$($web.Id)"; status = 500; count = 10 }
        $found = Get-SpuffInstance -Provider do -Id $web.Id, $db.Id -ErrorAction SilentlyContinue -ErrorVariable problems
        $found.Name | Should -Be 'db-1'
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ProviderApiError,*'
        $problems[0].TargetObject | Should -Be $web.Id
    }

    It 'reports a literal name that matches nothing, but not an empty wildcard' {
        Get-SpuffInstance -Provider do -Name 'nothing' -ErrorAction SilentlyContinue -ErrorVariable problems
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'InstanceNotFound,*'
        Get-SpuffInstance -Provider do -Name 'nothing*' -ErrorVariable none
        $none | Should -BeNullOrEmpty
    }

    It 'streams: Select-Object -First 1 stops after the first page' {
        # 210 droplets are two pages of 200; the first object must not wait for the second page.
        $tags = @('managed-by:spuff')
        for ($i = 0; $i -lt 21; $i++) {
            $names = 0..9 | ForEach-Object { "bulk-$i-$_" }
            $body = @{ names = $names; region = 'nyc3'; size = 's-1vcpu-1gb'; image = 'ubuntu-24-04-x64'; tags = $tags } | ConvertTo-Json
            $null = Invoke-RestMethod -Method Post -Uri "$($emulator.ApiUrl)droplets" -Body $body -ContentType 'application/json' -Headers @{ Authorization = 'Bearer test-token' }
        }
        @(Get-SpuffInstance -Provider do).Count | Should -Be 212
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'requests' -Method Delete
        $first = Get-SpuffInstance -Provider do | Select-Object -First 1
        $first | Should -Not -BeNullOrEmpty
        $lists = Get-EmulatorRequest $emulator | Where-Object { $_.method -eq 'GET' -and $_.path -eq '/v2/droplets' }
        @($lists).Count | Should -Be 1
    }

    It 'writes each HTTP call to -Verbose and never the token' {
        $output = Get-SpuffInstance -Provider do -Token 'secret-token-4711' -Verbose -Debug 4>&1 5>&1
        $verbose = @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        # Among the lines (the first says where the credentials came from): the HTTP call.
        ($verbose.Message -join "`n") | Should -Match 'GET /v2/droplets.* -> 200 OK in \d+ ms \(request id [0-9a-f-]+\)'
        ($output | Where-Object { $_ -is [System.Management.Automation.InformationalRecord] }).Message -join "`n" | Should -Not -Match 'secret-token-4711'
        $debug = @($output | Where-Object { $_ -is [System.Management.Automation.DebugRecord] })
        $debug.Message | Should -Match 'rate limit \d+/\d+ left'
    }

    It 'keeps no credential state: parallel runspaces use their own tokens' {
        $module = $script:ModulePath
        $results = 'bad-token', 'good-token', 'bad-token', 'good-token' | ForEach-Object -ThrottleLimit 4 -Parallel {
            Import-Module $using:module
            try { "$($_): $(@(Get-SpuffInstance -Provider do -Token $_).Count)" }
            catch { "$($_.TargetObject): $($_.FullyQualifiedErrorId)" }
        }
        ($results | Where-Object { $_ -like 'good-token: *' }) | Should -Be @('good-token: 2', 'good-token: 2')
        @($results | Where-Object { $_ -like '*ProviderAuthenticationFailed*' }).Count | Should -Be 2
    }

    It 'fails with ProviderAuthenticationFailed when the token is rejected' {
        { Get-SpuffInstance -Provider do -Token 'bad-token' } | Should -Throw -ErrorId 'ProviderAuthenticationFailed,Spuff.PowerShell.Commands.GetSpuffInstanceCommand'
    }

    It 'reports a rate limit that outlasts the retries as a ProviderRateLimited error' {
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'faults' -Body @{ method = 'GET'; pathPrefix = '/v2/droplets'; status = 429; retryAfterSeconds = 0; count = 20 }
        Get-SpuffInstance -Provider do -ErrorAction SilentlyContinue -ErrorVariable problems
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ProviderRateLimited,*'
        $problems[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
    }

    It 'formats instances as a table with Name, Provider, Status, IPAddress, Region, Size and Age' {
        $text = Get-SpuffInstance -Provider do -Name web-1 | Out-String -Width 200
        $text | Should -Match 'Name\s+Provider\s+Status\s+IPAddress\s+Region\s+Size\s+Age'
        $text | Should -Match 'web-1\s+digitalocean'
    }

    It 'shows Age in human units' {
        $old = [Spuff.Core.ProviderInstance]::new('1', [Spuff.Core.InstanceStatus]::Active, $null, [DateTimeOffset]::UtcNow.AddHours(-5))
        ($old | Out-String) | Should -Match '\b5h\b'
        $older = [Spuff.Core.ProviderInstance]::new('2', [Spuff.Core.InstanceStatus]::Active, $null, [DateTimeOffset]::UtcNow.AddDays(-3))
        ($older | Out-String) | Should -Match '\b3d\b'
    }
}
