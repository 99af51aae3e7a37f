# The same cmdlets, unchanged, against a real Docker engine: a private dockerd started for this file, with a
# busybox image built locally (no registry is reachable). Cross-checked with the docker CLI.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:engine = & (Join-Path $PSScriptRoot '../tools/Start-TestDockerd.ps1') -SetEnvironment
    function script:Invoke-Docker { & docker -H $script:engine.DockerHost @args 2>&1 }
}

AfterAll {
    if ($script:engine) { & (Join-Path $PSScriptRoot '../tools/Stop-TestDockerd.ps1') -Engine $script:engine }
    $env:DOCKER_HOST = $null
    $env:SPUFF_DOCKER_ENDPOINT = $null
}

Describe 'The whole lifecycle on Docker' {
    It 'creates, lists, snapshots, copies and removes through the same cmdlets' {
        $box = New-SpuffInstance -Provider local -Name dk-1 -Image $engine.Image -Label @{ team = 'qa' } -Wait -Timeout 60
        $box.Provider | Should -Be 'docker'
        $box.Status | Should -Be 'Active'
        $box.IPAddress | Should -Not -BeNullOrEmpty
        (Invoke-Docker inspect --format '{{ index .Config.Labels "managed-by" }}/{{ index .Config.Labels "team" }}' $box.Id) | Should -Be 'spuff/qa'
        (Get-SpuffInstance -Provider docker -Name 'dk-*').Id | Should -Be $box.Id

        $snapshot = $box | New-SpuffSnapshot -Name dk-golden -Timeout 60
        $snapshot.Provider | Should -Be 'docker'
        (Invoke-Docker image inspect --format '{{ index .Config.Labels "managed-by" }}' $snapshot.Id) | Should -Be 'spuff'
        $copy = $snapshot | New-SpuffInstance -Name dk-2 | Wait-SpuffInstance -Timeout 60
        $copy.Status | Should -Be 'Active'

        Get-SpuffInstance -Provider docker | Remove-SpuffInstance -Force
        Get-SpuffSnapshot -Provider docker | Remove-SpuffSnapshot -Force
        Get-SpuffInstance -Provider docker | Should -BeNullOrEmpty
        Get-SpuffSnapshot -Provider docker | Should -BeNullOrEmpty
        Invoke-Docker inspect $box.Id | Out-Null
        $LASTEXITCODE | Should -Not -Be 0
    }

    It 'never lists a container that spuff did not make' {
        $null = Invoke-Docker run -d --name not-spuff $engine.Image /bin/sh -c 'sleep 300'
        try {
            Get-SpuffInstance -Provider docker | Where-Object Name -eq 'not-spuff' | Should -BeNullOrEmpty
        }
        finally { $null = Invoke-Docker rm -f not-spuff }
    }

    It 'reports a missing image clearly, per item, naming the image' {
        $result = New-SpuffInstance -Provider docker -Name dk-missing -Image 'nosuch/image:1' -ErrorAction SilentlyContinue -ErrorVariable problems
        $result | Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ProviderRequestInvalid,*'
        $problems[0].Exception.Message | Should -BeLike '*nosuch/image:1*'
    }

    It 'runs commands through the exec API, round-trips -TimeToLive through labels and lists only expired containers' {
        $box = New-SpuffInstance -Provider docker -Name dk-cmd -Image $engine.Image -TimeToLive 2h -Wait -Timeout 60
        $past = [DateTimeOffset]::UtcNow.AddMinutes(-1).ToUnixTimeSeconds()
        $old = New-SpuffInstance -Provider docker -Name dk-old -Image $engine.Image -Label @{ 'spuff-expires' = "$past" } -Wait -Timeout 60
        try {
            $result = $box | Invoke-SpuffCommand 'echo from-exec; hostname; exit 4' -ErrorVariable failed -ErrorAction SilentlyContinue
            $result.StdOut | Should -Be "from-exec`ndk-cmd`n"
            $result.ExitCode | Should -Be 4
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'RemoteCommandFailed,*'

            (Invoke-Docker inspect --format '{{ index .Config.Labels "spuff-expires" }}' $box.Id) | Should -Be $box.Labels['spuff-expires']
            $box.ExpiresAt | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddHours(1.9))
            (Get-SpuffInstance -Provider docker -Expired).Name | Should -Be @('dk-old')
            ($box | Connect-SpuffInstance -Command 'echo via-docker-cli') | Should -Be 'via-docker-cli'
        }
        finally {
            $box, $old | Remove-SpuffInstance -Force
        }
    }
}
