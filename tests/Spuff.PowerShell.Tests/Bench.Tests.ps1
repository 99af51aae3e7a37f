# The benchmark suite (bench/Invoke-SpuffBench.ps1) once with tiny sizes: it must run end to end against its own
# emulator, moto_server and dockerd, and every tool must count exactly what was seeded. Times are never asserted.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:output = Join-Path ([IO.Path]::GetTempPath()) ('spuff-bench-smoke-' + [guid]::NewGuid().ToString('n'))
    $command = Get-PwshCommand
    $arguments = @($command | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $RepoRoot 'bench/Invoke-SpuffBench.ps1'),
        '-Smoke', '-ModulePath', $ModulePath, '-OutputPath', $output)
    $script:log = & $command[0] @arguments 2>&1 | ForEach-Object { "$_" }
    $script:exitCode = $LASTEXITCODE
    $file = Join-Path $output 'results.json'
    $script:results = if (Test-Path $file) { Get-Content -Raw -LiteralPath $file | ConvertFrom-Json -AsHashtable } else { $null }
}

AfterAll {
    Remove-Item -Recurse -Force -LiteralPath $output -ErrorAction SilentlyContinue
}

Describe 'Invoke-SpuffBench.ps1 -Smoke' {
    It 'runs to the end and writes results.json' {
        $exitCode | Should -Be 0 -Because ($log -join "`n")
        $results | Should -Not -BeNullOrEmpty
        $results.countMismatches | Should -BeNullOrEmpty
    }

    It 'counts the seeded Hetzner servers the same with Spuff and hcloud' {
        $sample = @($results.hetzner['60'])[0]
        $sample.spuff.count | Should -Be 60
        $sample.hcloud.count | Should -Be 60
        $sample.spuff.requests | Should -BeGreaterThan 0
    }

    It 'counts the EC2 instances and containers the same with Spuff (process and session) and the CLIs' {
        $aws = @($results.aws)[0]
        @($aws.cli.count, $aws.spuff.count, $aws.warm.count) | Should -Be @(3, 3, 3)
        $docker = @($results.docker)[0]
        @($docker.cli.count, $docker.spuff.count, $docker.warm.count) | Should -Be @(3, 3, 3)
    }

    It 'measures the first object, peak memory, the batched wait and the import' {
        @($results.firstObject)[0].warmMs | Should -BeGreaterThan 0
        $rss = @($results.rss)[0]
        $rss.spuff.count | Should -Be 60
        $rss.spuff.peakRssMiB | Should -BeGreaterThan 0
        $rss.hcloud.peakRssMiB | Should -BeGreaterThan 0
        @($results.wait).Count | Should -Be 2
        foreach ($wait in $results.wait) {
            $wait.ready | Should -Be 3
            $wait.createRequests | Should -Be 3
            $wait.requests | Should -BeGreaterThan 0
        }
        $results.import.ColdImportMs | Should -BeGreaterThan 0
    }

    It 'prints one table with a row per measure' {
        $table = $log | Where-Object { $_ -like '| *' }
        $table[0] | Should -BeLike '| measure | Spuff | peer | peer ÷ Spuff |*'
        ($table -join "`n") | Should -BeLike '*hcloud server list*aws ec2 describe-instances*docker ps*peak RSS*Wait-SpuffInstance*Import-Module*'
    }
}
