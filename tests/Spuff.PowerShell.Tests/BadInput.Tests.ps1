# Issue 9 §7: bad input is refused before any request, with an error that names the parameter the user typed.
# A table of malformed values is generated for every parameter of every cmdlet (by parameter type, and by what the
# parameter is: a slug, an id, a filter, a path...). Each case runs against the emulator and must
#   1. cause zero requests at the emulator (GET /_emulator/requests),
#   2. fail, but never with the catch-all "bug in Spuff" error,
#   3. name the parameter: ParameterBindingException.ParameterName, or the message, ErrorDetails or
#      RecommendedAction ("-Region", "for Region:", "parameter 'Region'").
# The summary line (tried / refused before any request / naming the parameter) is written at the end.

BeforeDiscovery {
    $long = 'a' * 10000
    function V([string] $Label, $Value) { [pscustomobject]@{ Label = $Label; Value = $Value } }

    # Refused by binding for every text parameter, whatever it means.
    $text = @(
        V 'empty' ''
        V 'space' ' '
        V 'tab' "`t"
        V 'newline' "`n"
        V 'NUL' "`0"
        V 'inner NUL' "ab`0cd"
        V '10,000 chars' $long
        V 'zero-width space' "a$([char]0x200B)b"
        V 'bidi override' "a$([char]0x202E)b"
        V 'lone surrogate' "a$([char]0xD800)b"
        V 'U+FFFF' "a$([char]0xFFFF)"
        V 'carriage return' "a`rb"
        V 'null' $null
    )
    # Not a slug anywhere (regions, sizes).
    $slug = $text + @(
        V 'path traversal' '../../x'
        V 'windows traversal' '..\..\x'
        V 'absolute path' '/etc/passwd'
        V 'inner space' 'nyc 3'
        V 'subexpression' '$(whoami)'
        V 'shell' ';rm -rf /'
        V 'accents' 'ünïcödé'
        V 'emoji' '😀'
        V 'slash' 'a/b'
        V 'url' 'http://evil.example/x'
        V 'star' '*'
        V 'bracket' '['
        V 'leading dash' '-lead'
        V 'dot' '.'
        V 'dot dot' '..'
    )
    $image = $text + @(
        V 'no release' 'ubuntu-'
        V 'no release upper' 'DEBIAN_'
        V 'path traversal' '../../x'
        V 'windows traversal' '..\x'
        V 'inner space' 'ubuntu 24.04'
        V 'absolute path' '/etc/passwd'
        V 'emoji' '😀'
        V 'url' 'http://evil.example/x'
        V 'shell' ';rm -rf /'
        V 'bracket' '['
        V 'star' '*'
        V 'trailing dash' 'x-'
        V 'empty snapshot' 'snapshot:'
        V 'snapshot not a number' 'snapshot:abc'
        V 'empty custom' 'custom:'
    )
    $name = $text + @(
        V 'path traversal' '../../x'
        V 'inner space' 'web 1'
        V 'leading dash' '-web'
        V 'trailing dash' 'web-'
        V 'underscore' 'web_1'
        V 'emoji' 'web😀'
        V 'accents' 'wéb'
        V '300 chars' ('a' * 300)
        V 'star' '*'
        V 'dot' '.'
    )
    $id = $text + @(
        V 'letters' 'abc'
        V 'negative' '-1'
        V 'zero' '0'
        V 'decimal' '1.5'
        V 'exponent' '1e3'
        V 'overflow' '99999999999999999999999'
        V 'path traversal' '../../x'
        V 'hex' '0x10'
        V 'trailing letters' '12abc'
        V 'arabic digits' '١٢'
    )
    $filter = $text + @(
        V 'open bracket' '['
        V 'unclosed class' 'a[b'
        V 'bad range' '[a-'
    )
    $provider = $text + @(
        V 'unknown' 'nope'
        V 'path traversal' '../../x'
        V 'near miss' 'do2'
        V 'star' '*'
        V 'hashtable' @{ a = 1 }
    )
    $timeout = @(
        V 'minus one' -1
        V 'zero' 0
        V 'minus one text' '-1'
        V 'zero span' '00:00:00'
        V 'negative span' '-00:00:05'
        V 'word' 'soon'
        V 'empty' ''
        V 'NaN' 'NaN'
        V 'infinity' 'Infinity'
        V 'huge' 1e300
        V 'over a day' 86401
        V 'max span' ([timespan]::MaxValue)
        V 'min span' ([timespan]::MinValue)
        V 'date' ([datetime]'2026-01-01')
        V 'hashtable' @{ a = 1 }
    )
    $port = @(
        V 'zero' 0
        V 'negative' -1
        V 'too high' 65536
        V 'huge' 1e10
        V 'word' 'abc'
        V 'empty' ''
        V 'min int' ([int]::MinValue)
    )
    $label = @(
        V 'empty key' @{ '' = 'x' }
        V 'blank key' @{ ' ' = 'x' }
        V 'NUL key' @{ "a`0b" = 'x' }
        V '300-char key' @{ ('k' * 300) = 'v' }
        V '10,000-char value' @{ k = $long }
        V 'newline value' @{ k = "v`nw" }
        V 'text without =' 'team'
        V 'text with a bare key' 'a=b;c'
        V 'number' 5
        V 'key with =' @{ 'a=b' = 'x' }
        V 'key with space' @{ 'a b' = 'x' }
        V 'null' $null
    )
    $token = @(
        V 'empty' ''
        V 'space' ' '
        V 'tab' "`t"
        V 'inner NUL' "abc`0def"
        V 'newline' "abc`ndef"
        V '5,000 chars' ('x' * 5000)
        V 'null' $null
    )
    $userData = @(
        V 'inner NUL' "#!/bin/sh`necho a`0b"
        V 'NUL only' "`0"
        V 'space' ' '
        V 'tab only' "`t"
        V 'over 64 KiB' ('x' * 70000)
        V 'over 1 MiB' ('x' * 1100000)
        V 'lone surrogate' "#!/bin/sh`n$([char]0xDC00)"
        V 'bidi override' "#!/bin/sh`n$([char]0x202E)"
        V 'null' $null
    )
    $snapshot = @(
        V 'empty' ''
        V 'space' ' '
        V 'letters' 'abc'
        V 'negative' '-1'
        V 'zero' '0'
        V 'path traversal' '../../x'
        V '10,000 chars' $long
        V 'date' ([datetime]'2026-01-01')
        V 'hashtable' @{ a = 1 }
        V 'null' $null
    )
    $inputObject = @(
        V 'text' 'abc'
        V 'number' 5
        V 'hashtable' @{ Id = 1 }
        V 'date' ([datetime]'2026-01-01')
        V 'null' $null
    )

    # The valid rest of each call: only the parameter under test is malformed.
    $do = @{ Provider = 'do' }
    $cases = [System.Collections.Generic.List[object]]::new()
    function Add-Cases([string] $Command, [string] $Parameter, [object[]] $Values, [hashtable] $Base, [string] $Note = '') {
        foreach ($v in $Values) {
            $cases.Add(@{ Command = $Command; Parameter = $Parameter; Label = $v.Label + $Note; Value = $v.Value; Base = $Base })
        }
    }

    $newDo = @{ Provider = 'do'; Name = 'bad-input' }
    $newHetzner = @{ Provider = 'hetzner'; Name = 'bad-input' }
    Add-Cases New-SpuffInstance Provider $provider @{ Name = 'bad-input' }
    foreach ($base in $newDo, $newHetzner) {
        $note = " ($($base.Provider))"
        Add-Cases New-SpuffInstance Name $name $base $note
        Add-Cases New-SpuffInstance Region $slug $base $note
        Add-Cases New-SpuffInstance Size $slug $base $note
        Add-Cases New-SpuffInstance Image $image $base $note
        Add-Cases New-SpuffInstance UserData $userData $base $note
        Add-Cases New-SpuffInstance FromSnapshot $snapshot $base $note
    }
    Add-Cases New-SpuffInstance Label $label $newDo
    Add-Cases New-SpuffInstance SshKey $text $newDo
    Add-Cases New-SpuffInstance SshPort $port $newDo
    Add-Cases New-SpuffInstance Timeout $timeout $newDo
    Add-Cases New-SpuffInstance Token $token $newDo
    Add-Cases New-SpuffInstance ProfileName $text $newDo

    Add-Cases Get-SpuffInstance Provider $provider @{}
    Add-Cases Get-SpuffInstance Name $filter $do
    Add-Cases Get-SpuffInstance Id $id $do
    Add-Cases Get-SpuffInstance Region $slug $do
    Add-Cases Get-SpuffInstance Region $slug @{ Provider = 'hetzner' } ' (hetzner)'
    Add-Cases Get-SpuffInstance Token $token $do
    Add-Cases Get-SpuffInstance ProfileName $text $do

    Add-Cases Get-SpuffSnapshot Provider $provider @{}
    Add-Cases Get-SpuffSnapshot Name $filter $do
    Add-Cases Get-SpuffSnapshot Id $text $do
    Add-Cases Get-SpuffSnapshot Region $slug $do
    Add-Cases Get-SpuffSnapshot Token $token $do

    $wait = @{ Provider = 'do'; Id = '1'; Timeout = 2 }
    Add-Cases Wait-SpuffInstance Id $id @{ Provider = 'do'; Timeout = 2 }
    Add-Cases Wait-SpuffInstance Provider $provider @{ Id = '1'; Timeout = 2 }
    Add-Cases Wait-SpuffInstance Region $slug $wait
    Add-Cases Wait-SpuffInstance Timeout $timeout @{ Provider = 'do'; Id = '1' }
    Add-Cases Wait-SpuffInstance SshPort $port $wait
    Add-Cases Wait-SpuffInstance InputObject $inputObject @{ Timeout = 2 }
    Add-Cases Wait-SpuffInstance Token $token $wait

    $snap = @{ Provider = 'do'; InstanceId = '1'; Name = 'snap' }
    Add-Cases New-SpuffSnapshot InstanceId $id @{ Provider = 'do'; Name = 'snap' }
    Add-Cases New-SpuffSnapshot Provider $provider @{ InstanceId = '1'; Name = 'snap' }
    Add-Cases New-SpuffSnapshot Region $slug $snap
    Add-Cases New-SpuffSnapshot Name $text @{ Provider = 'do'; InstanceId = '1' }
    Add-Cases New-SpuffSnapshot Timeout $timeout $snap
    Add-Cases New-SpuffSnapshot InputObject $inputObject @{ Name = 'snap' }
    Add-Cases New-SpuffSnapshot Token $token $snap

    $remove = @{ Provider = 'do'; Id = '1'; Force = $true }
    Add-Cases Remove-SpuffInstance Id $id @{ Provider = 'do'; Force = $true }
    Add-Cases Remove-SpuffInstance Provider $provider @{ Id = '1'; Force = $true }
    Add-Cases Remove-SpuffInstance Region $slug $remove
    Add-Cases Remove-SpuffInstance InputObject $inputObject @{ Force = $true }
    Add-Cases Remove-SpuffInstance Token $token $remove
    Add-Cases Remove-SpuffInstance ProfileName $text $remove

    Add-Cases Remove-SpuffSnapshot Id $id @{ Provider = 'do'; Force = $true }
    Add-Cases Remove-SpuffSnapshot Provider $provider @{ Id = '1'; Force = $true }
    Add-Cases Remove-SpuffSnapshot Region $slug $remove
    Add-Cases Remove-SpuffSnapshot InputObject $inputObject @{ Force = $true }
    Add-Cases Remove-SpuffSnapshot Token $token $remove

    Add-Cases Get-SpuffProvider Name $filter @{}

    # Login parameters of -UntilCloudInit: refused before the machine is made, not when the login is tried.
    $user = $text + @(V 'inner space' 'a b'; V '100 chars' ('u' * 100))
    $keyFile = $text + @(V 'missing file' '/nonexistent/spuff-key'; V 'directory' ([IO.Path]::GetTempPath()))
    Add-Cases New-SpuffInstance User $user $newDo
    Add-Cases New-SpuffInstance IdentityFile $keyFile $newDo
    Add-Cases Wait-SpuffInstance User $user $wait
    Add-Cases Wait-SpuffInstance IdentityFile $keyFile $wait

    # -UserDataPath: values made in BeforeAll (files in TestDrive, a FIFO); the names stand for them.
    foreach ($kind in 'empty', 'space', 'NUL', 'newline', '10,000 chars', 'device /dev/zero', 'FIFO', 'directory', 'missing file',
        'over the provider limit', 'not UTF-8', 'not a file system drive') {
        $cases.Add(@{ Command = 'New-SpuffInstance'; Parameter = 'UserDataPath'; Label = $kind; Value = $kind; Base = $newDo; PathKind = $true })
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $emulator = Get-TestEmulator
    Initialize-TestEmulator $emulator
    $env:SPUFF_HETZNER_ENDPOINT = "$($emulator.Url)/v1/"
    $env:HETZNER_TOKEN = 'test-token'
    $script:Results = [System.Collections.Generic.List[object]]::new()

    $big = Join-Path $TestDrive 'big.sh'
    [IO.File]::WriteAllText($big, "#!/bin/sh`n" + ('x' * 70000))
    $binary = Join-Path $TestDrive 'binary.sh'
    [IO.File]::WriteAllBytes($binary, [byte[]](0x23, 0x21, 0xC3, 0x28, 0xFF, 0xFE))
    $fifo = Join-Path $TestDrive 'fifo'
    $haveFifo = $false
    if (-not $IsWindows -and (Get-Command mkfifo -ErrorAction Ignore)) { & mkfifo $fifo; $haveFifo = $LASTEXITCODE -eq 0 }
    $script:Paths = @{
        'empty' = ''; 'space' = ' '; 'NUL' = "a`0b"; 'newline' = "a`nb"; '10,000 chars' = ('a' * 10000)
        'device /dev/zero' = $(if ($IsWindows) { '\\.\NUL' } else { '/dev/zero' })
        'FIFO' = $(if ($haveFifo) { $fifo } else { '/dev/zero' })
        'directory' = $TestDrive; 'missing file' = (Join-Path $TestDrive 'missing.sh')
        'over the provider limit' = $big; 'not UTF-8' = $binary; 'not a file system drive' = 'HKLM:\Software\x'
    }

    # Whether an error record names the parameter the user typed.
    function Test-NamesParameter($Record, [string] $Parameter) {
        $exception = $Record.Exception
        while ($exception) {
            if ($exception -is [System.Management.Automation.ParameterBindingException] -and $exception.ParameterName -eq $Parameter) { return $true }
            $exception = $exception.InnerException
        }

        $pattern = "(^|[^A-Za-z])-?$([regex]::Escape($Parameter))([^A-Za-z]|$)"
        foreach ($text in @($Record.Exception.Message, $Record.ErrorDetails.Message, $Record.ErrorDetails.RecommendedAction, $Record.FullyQualifiedErrorId)) {
            if ($text -and $text -cmatch $pattern) { return $true }
        }

        $false
    }
}

AfterAll {
    $tried = $script:Results.Count
    $refused = @($script:Results | Where-Object { $_.Refused -and $_.Requests -eq 0 }).Count
    $named = @($script:Results | Where-Object { $_.Refused -and $_.Requests -eq 0 -and $_.Named }).Count
    $line = "Bad input: $tried tried, $refused refused before any request, $named naming the parameter"
    Write-Host $line
    $out = Join-Path $script:RepoRoot 'out/test-results'
    if (Test-Path $out) { $line | Set-Content -LiteralPath (Join-Path $out 'bad-input.txt') }
    Remove-TestEmulator $emulator
}

Describe 'Bad input is refused before any request, naming the parameter' {
    It '<Command> -<Parameter> <Label>' -ForEach $cases {
        $parameters = $Base.Clone()
        $parameters[$Parameter] = if ($PathKind) { $script:Paths[$Value] } else { $Value }
        $null = Invoke-SpuffEmulatorControl -Url $emulator.Url -Path 'requests' -Method Delete

        $record = $null
        try {
            $null = & $Command @parameters -ErrorAction Stop -WarningAction SilentlyContinue 6>$null
        }
        catch {
            $record = $_
        }

        $seen = @(Get-EmulatorRequest $emulator | Where-Object { $null -ne $_ -and $_.path })
        $requests = $seen.Count
        $named = $record -and (Test-NamesParameter $record $Parameter)
        $bug = $record -and ("$($record.Exception.Message) $($record.ErrorDetails.Message) $($record.ErrorDetails.RecommendedAction)" -match 'bug in Spuff')
        $script:Results.Add([pscustomobject]@{ Case = "$Command -$Parameter $Label"; Refused = [bool]$record -and -not $bug; Requests = $requests; Named = [bool]$named })

        $record | Should -Not -BeNullOrEmpty -Because 'a malformed value must be refused'
        $bug | Should -BeFalse -Because "the error must not be the catch-all: $record"
        $requests | Should -Be 0 -Because "nothing may reach the provider ($(($seen | ForEach-Object { "$($_.method) $($_.path)" }) -join ', ')): $record"
        $named | Should -BeTrue -Because "the error must name -$Parameter`: $($record.FullyQualifiedErrorId) $record $($record.ErrorDetails.RecommendedAction)"
    }
}
