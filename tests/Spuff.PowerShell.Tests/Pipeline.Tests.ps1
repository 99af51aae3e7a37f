# Binding by property name (issue 11, Pipelines): records from Import-Csv, ConvertFrom-Json, Select-Object and
# deserialized Spuff objects drive every cmdlet the way live objects do; one provider refusing a parameter does
# not end a multi-provider call. Assertions read the emulator's own state, not the cmdlets' output.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $emulator = Get-TestEmulator

    function Get-EmulatorDroplet {
        $body = Invoke-RestMethod -Uri "$($emulator.ApiUrl)droplets?per_page=200" -Headers @{ Authorization = 'Bearer test-token' }
        @($body.droplets)
    }

    function ConvertTo-Deserialized {
        param([Parameter(ValueFromPipeline)] $InputObject)
        process { [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($InputObject)) }
    }
}

AfterAll {
    Remove-TestEmulator $emulator
}

Describe 'Pipeline binding by property name' {
    BeforeEach {
        Initialize-TestEmulator $emulator
    }

    It 'creates one machine per CSV row with that row''s name, region and size' {
        $csv = Join-Path $TestDrive 'machines.csv'
        @(
            [pscustomobject]@{ Provider = 'do'; Name = 'csv-a'; Region = 'ams3'; Size = 's-1vcpu-1gb' }
            [pscustomobject]@{ Provider = 'do'; Name = 'csv-b'; Region = 'fra1'; Size = 's-1vcpu-2gb' }
            [pscustomobject]@{ Provider = 'do'; Name = 'csv-c'; Region = 'nyc3'; Size = 's-2vcpu-4gb' }
        ) | Export-Csv -LiteralPath $csv -NoTypeInformation

        $created = Import-Csv -LiteralPath $csv | New-SpuffInstance
        $created | Should -HaveCount 3

        $droplets = Get-EmulatorDroplet | Sort-Object name
        $droplets.name | Should -Be @('csv-a', 'csv-b', 'csv-c')
        $droplets.region.slug | Should -Be @('ams3', 'fra1', 'nyc3')
        $droplets.size_slug | Should -Be @('s-1vcpu-1gb', 's-1vcpu-2gb', 's-2vcpu-4gb')
    }

    It 'binds Name, Region, Image, Label, SshKey and UserData from ConvertFrom-Json records' {
        $json = '[{"Provider":"digitalocean","Name":"json-a","Region":"sfo3","Image":"debian-12","Label":{"team":"red"},"UserData":"#!/bin/sh\necho hi"}]'
        $null = $json | ConvertFrom-Json | ForEach-Object { $_ } | New-SpuffInstance

        $droplet = Get-EmulatorDroplet | Where-Object name -EQ 'json-a'
        $droplet | Should -HaveCount 1
        $droplet.region.slug | Should -Be 'sfo3'
        $droplet.image.slug | Should -Be 'debian-12-x64'
        $droplet.tags | Should -Contain 'team:red'
    }

    It 'takes CSV label cells written key=value;key=value' {
        $null = 'Provider,Name,Label', 'do,label-a,team=blue;tier=dev' | ConvertFrom-Csv | New-SpuffInstance
        $droplet = Get-EmulatorDroplet | Where-Object name -EQ 'label-a'
        $droplet.tags | Should -Contain 'team:blue'
        $droplet.tags | Should -Contain 'tier:dev'
    }

    It 'binds Select-Object records and reads each record in Process (different values per record)' {
        $rows = 1..2 | ForEach-Object { [pscustomobject]@{ Provider = 'do'; Name = "sel-$_"; Region = @('sfo3', 'fra1')[$_ - 1]; Extra = 'x' } } |
            Select-Object Provider, Name, Region
        $null = $rows | New-SpuffInstance
        $droplets = Get-EmulatorDroplet | Sort-Object name
        $droplets.name | Should -Be @('sel-1', 'sel-2')
        $droplets.region.slug | Should -Be @('sfo3', 'fra1')
    }

    It 'waits for, snapshots and removes deserialized instances (Start-Job / Import-Clixml output)' {
        $null = New-SpuffInstance -Provider do -Name deser-a
        $clixml = Join-Path $TestDrive 'instances.xml'
        Get-SpuffInstance -Provider do | Export-Clixml -LiteralPath $clixml
        $deserialized = Import-Clixml -LiteralPath $clixml
        # Spuff.Types.ps1xml turns deserialized instances back into live ones (TargetTypeForDeserialization).
        $deserialized | Should -BeOfType ([Spuff.Core.ProviderInstance])

        ($deserialized | Wait-SpuffInstance -Timeout 30).Name | Should -Be 'deser-a'
        ($deserialized | New-SpuffSnapshot -Name deser-snap).Name | Should -Be 'deser-snap'
        $deserialized | Remove-SpuffInstance -Force
        Get-EmulatorDroplet | Should -BeNullOrEmpty
    }

    It 'takes the output of Start-Job' {
        $null = New-SpuffInstance -Provider do -Name job-a
        $module = $script:ModulePath
        $job = Start-Job -ScriptBlock {
            param($Module, $Endpoint)
            $env:SPUFF_DIGITALOCEAN_ENDPOINT = $Endpoint; $env:DIGITALOCEAN_TOKEN = 'test-token'
            Import-Module $Module
            Get-SpuffInstance -Provider do
        } -ArgumentList $module, $emulator.ApiUrl
        $fromJob = $job | Wait-Job -Timeout 60 | Receive-Job
        $job | Remove-Job -Force
        $fromJob.Name | Should -Be 'job-a'

        ($fromJob | Get-SpuffInstance).Name | Should -Be 'job-a'
        $fromJob | Remove-SpuffInstance -Force
        Get-EmulatorDroplet | Should -BeNullOrEmpty
    }

    It 'removes and finds snapshots from records with SnapshotId and from deserialized snapshots' {
        $instance = New-SpuffInstance -Provider do -Name snap-src
        $a = $instance | New-SpuffSnapshot -Name snap-a
        $b = $instance | New-SpuffSnapshot -Name snap-b

        ([pscustomobject]@{ Provider = 'do'; SnapshotId = $a.Id } | Get-SpuffSnapshot).Name | Should -Be 'snap-a'
        ([pscustomobject]@{ Provider = 'do'; SnapshotId = $a.Id } | Remove-SpuffSnapshot -Force -PassThru).Id | Should -Be $a.Id
        $b | ConvertTo-Deserialized | Remove-SpuffSnapshot -Force
        Get-SpuffSnapshot -Provider do | Should -BeNullOrEmpty
    }

    It 'names a machine made from a piped snapshot itself, not after the snapshot' {
        $instance = New-SpuffInstance -Provider do -Name from-src
        $snapshot = $instance | New-SpuffSnapshot -Name the-snapshot
        $made = $snapshot | ConvertTo-Deserialized | New-SpuffInstance -Provider do
        $made.Name | Should -Not -Be 'the-snapshot'
        $made.Name | Should -BeLike 'spuff-*'

        $named = $snapshot | New-SpuffInstance -Provider do -Name from-snap
        $named.Name | Should -Be 'from-snap'
    }

    It 'looks instances up by InstanceId from JSON records' {
        $instance = New-SpuffInstance -Provider do -Name json-id
        $record = "{`"InstanceId`":`"$($instance.Id)`",`"Provider`":`"do`"}" | ConvertFrom-Json
        ($record | Get-SpuffInstance).Name | Should -Be 'json-id'
        ($record | Wait-SpuffInstance -Timeout 30).Name | Should -Be 'json-id'
    }
}

Describe 'One provider refusing a parameter' {
    BeforeEach {
        Initialize-TestEmulator $emulator
        $saved = @{ DOCKER_HOST = $env:DOCKER_HOST; HETZNER_TOKEN = $env:HETZNER_TOKEN; HCLOUD_TOKEN = $env:HCLOUD_TOKEN }
        # A Docker engine that is configured (it is asked) but refuses -Region before any connection.
        $env:DOCKER_HOST = 'tcp://127.0.0.1:9'
        $env:HETZNER_TOKEN = $null; $env:HCLOUD_TOKEN = $null
    }

    AfterEach {
        foreach ($key in $saved.Keys) { [Environment]::SetEnvironmentVariable($key, $saved[$key]) }
    }

    It 'is a non-terminating error for that provider while the others still answer' {
        $null = New-SpuffInstance -Provider do -Name multi-a -Region ams3
        $found = Get-SpuffInstance -Region ams3 -ErrorVariable refused -ErrorAction SilentlyContinue
        $found.Name | Should -Be 'multi-a'
        $refused | Should -HaveCount 1
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'ProviderRequestInvalid,*'
        $refused[0].TargetObject | Should -Be 'docker'
        $refused[0].ErrorDetails.RecommendedAction | Should -Match '-Region'
    }

    It 'still terminates when -Provider names the refusing provider' {
        { Get-SpuffInstance -Provider docker -Region ams3 -ErrorAction Stop } | Should -Throw -ErrorId 'ProviderRequestInvalid,*'
    }
}
