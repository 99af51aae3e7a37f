# The same cmdlets, unchanged, against EC2 as moto_server emulates it (started here on a free loopback port).
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')

    $script:work = Join-Path ([IO.Path]::GetTempPath()) ("spuff-moto-" + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $work
    # A Debian 12 image from Debian's account, so `-Image debian-12` resolves as it does on AWS.
    Set-Content -LiteralPath (Join-Path $work 'amis.json') -Value (@(
            @{ ami_id = 'ami-0d0d0d0d0d0d0d0d1'; name = 'debian-12-amd64-20250901-2200'; description = 'Debian 12'; owner_id = '136693071363'
                public = $true; virtualization_type = 'hvm'; architecture = 'x86_64'; state = 'available'; platform = $null; image_type = 'machine'
                hypervisor = 'xen'; root_device_name = '/dev/xvda'; root_device_type = 'ebs'; sriov = 'simple'; creation_date = '2025-09-01T10:00:00.000Z' }
        ) | ConvertTo-Json -AsArray)
    Set-Content -LiteralPath (Join-Path $work 'credentials') -Value "[default]`naws_access_key_id = testing`naws_secret_access_key = testing"
    Set-Content -LiteralPath (Join-Path $work 'config') -Value "[default]`nregion = us-east-1"

    $moto = (Get-Command moto_server -ErrorAction SilentlyContinue).Source
    if (-not $moto) { $moto = Get-ChildItem "$HOME/.pyenv/versions/*/bin/moto_server" -ErrorAction SilentlyContinue | Select-Object -First 1 -ExpandProperty FullName }
    if (-not $moto) { throw 'moto_server (moto 5.2.1) is not on PATH; the AWS tests need it.' }
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
    $env:MOTO_AMIS_PATH = Join-Path $work 'amis.json'
    $script:motoProcess = Start-Process -FilePath $moto -ArgumentList '-H', '127.0.0.1', '-p', $port -WorkingDirectory $work -PassThru `
        -RedirectStandardOutput (Join-Path $work 'moto.out') -RedirectStandardError (Join-Path $work 'moto.err')
    $env:MOTO_AMIS_PATH = $null
    $deadline = (Get-Date).AddSeconds(30)
    while ($true) {
        try { $null = Invoke-RestMethod -Method Post -Uri "http://127.0.0.1:$port/moto-api/reset"; break }
        catch { if ((Get-Date) -gt $deadline) { throw "moto_server did not answer: $(Get-Content (Join-Path $work 'moto.err') -Raw)" }; Start-Sleep -Milliseconds 200 }
    }

    $script:savedEnvironment = @{}
    $settings = @{
        SPUFF_AWS_ENDPOINT = "http://127.0.0.1:$port"; AWS_ACCESS_KEY_ID = 'testing'; AWS_SECRET_ACCESS_KEY = 'testing'; AWS_REGION = 'us-east-1'
        AWS_SHARED_CREDENTIALS_FILE = (Join-Path $work 'credentials'); AWS_CONFIG_FILE = (Join-Path $work 'config'); AWS_EC2_METADATA_DISABLED = 'true'
    }
    foreach ($key in $settings.Keys) { $savedEnvironment[$key] = [Environment]::GetEnvironmentVariable($key); [Environment]::SetEnvironmentVariable($key, $settings[$key]) }
}

AfterAll {
    foreach ($key in $savedEnvironment.Keys) { [Environment]::SetEnvironmentVariable($key, $savedEnvironment[$key]) }
    if ($motoProcess -and -not $motoProcess.HasExited) { $motoProcess.Kill($true); $motoProcess.WaitForExit(5000) | Out-Null }
    Remove-Item -Recurse -Force -LiteralPath $work -ErrorAction SilentlyContinue
}

Describe 'The whole lifecycle on AWS EC2 (moto)' {
    It 'creates, lists, snapshots, copies and removes through the same cmdlets' {
        $vm = New-SpuffInstance -Provider ec2 -Name aws-1 -Image debian-12 -Size t3.micro -Wait -Timeout 60
        $vm.Provider | Should -Be 'aws'
        $vm.Status | Should -Be 'Active'
        $vm.IPAddress | Should -Not -BeNullOrEmpty
        (Get-SpuffInstance -Provider aws -Name 'aws-*').Id | Should -Be $vm.Id

        $snapshot = $vm | New-SpuffSnapshot -Name aws-golden -Timeout 60
        $snapshot.Id | Should -BeLike 'ami-*'
        $copy = $snapshot | New-SpuffInstance -Name aws-2 | Wait-SpuffInstance -Timeout 60
        $copy.Status | Should -Be 'Active'

        Get-SpuffInstance -Provider aws | Remove-SpuffInstance -Force
        Get-SpuffSnapshot -Provider aws | Remove-SpuffSnapshot -Force
        Get-SpuffInstance -Provider aws | Should -BeNullOrEmpty
        Get-SpuffSnapshot -Provider aws | Should -BeNullOrEmpty
    }

    It 'says that -Token has no meaning for AWS' {
        { Get-SpuffInstance -Provider aws -Token 'abc' -ErrorAction Stop } | Should -Throw '*credential chain*'
    }

    It 'loads the AWS SDK only when an AWS cmdlet runs' {
        $output = Invoke-FreshPwsh -Script @"
Import-Module '$ModulePath'
`$before = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -like 'AWSSDK*' }).Count
Get-SpuffProvider | Out-Null
`$afterProvider = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -like 'AWSSDK*' }).Count
Get-SpuffInstance -Provider aws | Out-Null
`$after = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -like 'AWSSDK*' }).Count
"`$before/`$afterProvider/`$after"
"@
        $counts = ($output | Select-Object -Last 1) -split '/'
        [int] $counts[0] | Should -Be 0
        [int] $counts[1] | Should -Be 0
        [int] $counts[2] | Should -BeGreaterThan 0
    }
}
