# Process-level settings read from the environment on every call.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $emulator = Get-TestEmulator
    $savedTimeout = $env:SPUFF_HTTP_TIMEOUT_SECONDS
}

AfterAll {
    if ($null -eq $savedTimeout) { Remove-Item env:SPUFF_HTTP_TIMEOUT_SECONDS -ErrorAction SilentlyContinue } else { $env:SPUFF_HTTP_TIMEOUT_SECONDS = $savedTimeout }
    Remove-TestEmulator $emulator
}

Describe 'SPUFF_HTTP_TIMEOUT_SECONDS' {
    BeforeEach { Initialize-TestEmulator $emulator }
    AfterEach { Remove-Item env:SPUFF_HTTP_TIMEOUT_SECONDS -ErrorAction SilentlyContinue }

    It 'refuses <Value> before any request, naming the variable' -ForEach @(
        @{ Value = 'abc' }, @{ Value = '0' }, @{ Value = '0.5' }, @{ Value = '601' }, @{ Value = 'NaN' }, @{ Value = '-5' }
    ) {
        $env:SPUFF_HTTP_TIMEOUT_SECONDS = $Value
        $problems = $null
        $null = Get-SpuffInstance -Provider do -ErrorAction SilentlyContinue -ErrorVariable problems
        $problems.Count | Should -BeGreaterThan 0
        "$($problems[0].Exception.Message) $($problems[0].ErrorDetails.RecommendedAction)" | Should -Match 'SPUFF_HTTP_TIMEOUT_SECONDS'
        $problems[0].FullyQualifiedErrorId | Should -Not -BeLike 'ProviderApiError*'
        @(Get-EmulatorRequest $emulator).Count | Should -Be 0
    }

    It 'gives up on an answer held longer than the limit it sets' {
        $env:SPUFF_HTTP_TIMEOUT_SECONDS = '1'
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'faults' -Body @{ method = 'GET'; pathPrefix = '/v2/droplets'; delayMs = 5000; count = 10 }
        $watch = [Diagnostics.Stopwatch]::StartNew()
        { Get-SpuffInstance -Provider do -ErrorAction Stop } | Should -Throw
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 30
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'faults' -Method Delete
    }
}
