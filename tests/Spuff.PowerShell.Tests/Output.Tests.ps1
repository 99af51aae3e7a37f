# What scripts get when they serialize Spuff's objects: JSON, CSV, CliXml (Import-Clixml, Start-Job) and the views.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $emulator = Get-TestEmulator

    # The header line of a default table, with the spacing squeezed out.
    function Get-TableHeader {
        param($InputObject)
        (($InputObject | Format-Table | Out-String -Width 200) -split "`n" | Where-Object { $_.Trim() } | Select-Object -First 1).Trim() -replace '\s+', ' '
    }
}

AfterAll {
    Remove-TestEmulator $emulator
}

Describe 'Serialized instances' {
    BeforeAll {
        Initialize-TestEmulator $emulator
        $vm = New-SpuffInstance -Provider do -Name web-1 -Label @{ team = 'qa'; env = 'dev' } -Wait
        $folder = Join-Path ([IO.Path]::GetTempPath()) ("spuff-output-{0}" -f [guid]::NewGuid().ToString('n'))
        $null = New-Item -ItemType Directory -Path $folder
    }

    AfterAll {
        Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'ConvertTo-Json writes the IP address and the status as text, labels as an object, and no Age' {
        $json = $vm | ConvertTo-Json
        $back = $json | ConvertFrom-Json
        $back.IPAddress | Should -BeOfType ([string])
        $back.IPAddress | Should -Be $vm.IPAddress
        $back.IPAddress | Should -Match '^\d+\.\d+\.\d+\.\d+$'
        $back.Status | Should -BeExactly 'Active'
        $back.Labels.team | Should -Be 'qa'
        $back.Labels.env | Should -Be 'dev'
        $back.PSObject.Properties.Name | Should -Not -Contain 'Age'
        $json | Should -Not -Match 'AddressFamily|"Kind"|TotalMilliseconds'
    }

    It 'Export-Csv writes readable labels, the address and the status, and Import-Csv reads them back' {
        $csv = Join-Path $folder 'instances.csv'
        $vm | Export-Csv -LiteralPath $csv
        $row = Import-Csv -LiteralPath $csv
        $row.Labels | Should -Match '(^|;)team=qa(;|$)'
        $row.Labels | Should -Match '(^|;)env=dev(;|$)'
        $row.Labels | Should -Not -Match 'System\.Collections'
        $row.IPAddress | Should -Be $vm.IPAddress
        $row.Status | Should -Be 'Active'
        $row.PSObject.Properties.Name | Should -Not -Contain 'Age'
        $labels = [Spuff.Core.LabelSet]::Parse($row.Labels)
        $labels['team'] | Should -Be 'qa'
        $labels.Count | Should -Be $vm.Labels.Count
    }

    It 'keeps the typed values one call away: [ipaddress], GetIPAddress() and GetStatus()' {
        ([ipaddress] $vm.IPAddress).AddressFamily | Should -Be 'InterNetwork'
        $vm.GetIPAddress() | Should -BeOfType ([ipaddress])
        $vm.GetStatus().Kind | Should -Be 'Active'
        $vm.Status -eq 'active' | Should -BeTrue
    }

    It 'shows Age on screen (table and list) but never in Select-Object *' {
        $vm.Age | Should -BeOfType ([timespan])
        $vm.Age | Should -BeGreaterOrEqual ([timespan]::Zero)
        Get-TableHeader $vm | Should -Be 'Name Provider Status IPAddress Region Size Age Expires'
        ($vm | Format-List | Out-String) | Should -Match '(?m)^Age\s+:'
        ($vm | Select-Object *).PSObject.Properties.Name | Should -Not -Contain 'Age'
    }

    It 'Import-Clixml gives back a live instance with the same views and the same JSON' {
        $xml = Join-Path $folder 'instance.xml'
        $vm | Export-Clixml -LiteralPath $xml
        Get-Content -Raw -LiteralPath $xml | Should -Not -Match 'N="Age"'
        $back = Import-Clixml -LiteralPath $xml
        $back | Should -BeOfType ([Spuff.Core.ProviderInstance])
        $back.Id | Should -Be $vm.Id
        $back.CreatedAt | Should -Be $vm.CreatedAt
        $back.Labels['team'] | Should -Be 'qa'
        $back.Age | Should -BeOfType ([timespan])
        Get-TableHeader $back | Should -Be (Get-TableHeader $vm)
        ($back | ConvertTo-Json -Compress) | Should -Be ($vm | ConvertTo-Json -Compress)
    }

    It 'objects from a background job are live instances again' {
        $job = Start-Job -ScriptBlock {
            param($Module, $Id)
            Import-Module $Module
            Get-SpuffInstance -Provider do -Id $Id
        } -ArgumentList $script:ModulePath, $vm.Id
        try {
            $fromJob = $job | Receive-Job -Wait -ErrorAction Stop
        }
        finally { $job | Remove-Job -Force }
        $fromJob | Should -BeOfType ([Spuff.Core.ProviderInstance])
        $fromJob.IPAddress | Should -Be $vm.IPAddress
        Get-TableHeader $fromJob | Should -Be 'Name Provider Status IPAddress Region Size Age Expires'
    }

    It 'a deserialized object that cannot become live still gets the instance view' {
        $bag = [pscustomobject]@{ Name = 'x'; Provider = 'digitalocean'; Status = 'Active'; IPAddress = '203.0.113.9'; Region = 'nyc3'; Size = 's'; CreatedAt = [datetime]::UtcNow }
        $bag.PSObject.TypeNames.Insert(0, 'Deserialized.Spuff.Core.ProviderInstance')
        Get-TableHeader $bag | Should -Be 'Name Provider Status IPAddress Region Size Age Expires'
    }
}

Describe 'Serialized snapshots' {
    BeforeAll {
        Initialize-TestEmulator $emulator
        $source = New-SpuffInstance -Provider do -Name snap-source -Wait
        $snapshot = New-SpuffSnapshot -Provider do -InstanceId $source.Id -Name golden
        $folder = Join-Path ([IO.Path]::GetTempPath()) ("spuff-output-{0}" -f [guid]::NewGuid().ToString('n'))
        $null = New-Item -ItemType Directory -Path $folder
    }

    AfterAll {
        Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'ConvertTo-Json writes regions as an array and labels as an object' {
        $back = $snapshot | ConvertTo-Json | ConvertFrom-Json
        @($back.Regions) | Should -Be @($snapshot.Regions)
        $back.Labels.'managed-by' | Should -Be 'spuff'
    }

    It 'Export-Csv writes regions and labels as text' {
        $csv = Join-Path $folder 'snapshots.csv'
        $snapshot | Export-Csv -LiteralPath $csv
        $row = Import-Csv -LiteralPath $csv
        $row.Regions | Should -Be ($snapshot.Regions -join ';')
        $row.Labels | Should -Match '(^|;)managed-by=spuff(;|$)'
        "$($row.Regions)$($row.Labels)" | Should -Not -Match 'System\.Collections'
    }

    It 'Import-Clixml gives back a live snapshot with the same view' {
        $xml = Join-Path $folder 'snapshot.xml'
        $snapshot | Export-Clixml -LiteralPath $xml
        $back = Import-Clixml -LiteralPath $xml
        $back | Should -BeOfType ([Spuff.Core.Snapshot])
        $back.CreatedAt | Should -Be $snapshot.CreatedAt
        @($back.Regions) | Should -Be @($snapshot.Regions)
        ($back | Format-Table | Out-String) | Should -Be ($snapshot | Format-Table | Out-String)
    }
}
