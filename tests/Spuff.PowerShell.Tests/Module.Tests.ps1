BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $moduleRoot = Split-Path -Parent $script:ModulePath
    $manifest = Import-PowerShellDataFile -LiteralPath $script:ModulePath
}

Describe 'The module as it ships' {
    It 'has a valid manifest with the version of Directory.Build.props' {
        $info = Test-ModuleManifest -Path $script:ModulePath
        [xml] $props = Get-Content -Raw -LiteralPath (Join-Path $script:RepoRoot 'Directory.Build.props')
        $version = @($props.Project.PropertyGroup.Version | Where-Object { $_ })[0]
        $info.Version.ToString() | Should -Be $version
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $manifest.PowerShellVersion | Should -Be '5.1'
        $manifest.FormatsToProcess | Should -Be @('Spuff.Format.ps1xml')
        $manifest.PrivateData.PSData.Tags | Should -Contain 'DigitalOcean'
        $manifest.PrivateData.PSData.ProjectUri | Should -Not -BeNullOrEmpty
        $manifest.PrivateData.PSData.LicenseUri | Should -Not -BeNullOrEmpty
    }

    It 'exports exactly the cmdlets the assembly defines, listed explicitly' {
        $assembly = [Spuff.PowerShell.SpuffCmdlet].Assembly
        $defined = $assembly.GetExportedTypes() |
            ForEach-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
            ForEach-Object { "$($_.VerbName)-$($_.NounName)" } | Sort-Object
        $manifest.CmdletsToExport | Sort-Object | Should -Be $defined
        (Get-Command -Module Spuff).Name | Sort-Object | Should -Be $defined
        $defined.Count | Should -Be 10
    }

    It 'keeps Spuff.Core and Microsoft.Bcl.AsyncInterfaces in the root and third-party dlls in dependencies/' {
        (Get-ChildItem -LiteralPath $moduleRoot -Filter *.dll).Name | Sort-Object |
            Should -Be @('Microsoft.Bcl.AsyncInterfaces.dll', 'Spuff.Core.dll', 'Spuff.PowerShell.dll')
        $dependencies = (Get-ChildItem -LiteralPath (Join-Path $moduleRoot 'dependencies') -Filter *.dll).Name
        $dependencies | Should -Contain 'Spuff.Providers.dll'
        $dependencies | Should -Contain 'Polly.Core.dll'
        $dependencies | Should -Contain 'Renci.SshNet.dll'
        $dependencies | Should -Contain 'Microsoft.Extensions.Http.dll'
        $dependencies | Should -Not -Contain 'Spuff.Core.dll'
        $dependencies | Should -Not -Contain 'Microsoft.Bcl.AsyncInterfaces.dll'
        Get-ChildItem -LiteralPath $moduleRoot -Recurse -Filter 'System.Management.Automation.dll' | Should -BeNullOrEmpty
        Test-Path (Join-Path $moduleRoot 'en-US/Spuff.PowerShell.dll-Help.xml') | Should -BeTrue
        Test-Path (Join-Path $moduleRoot 'en-US/about_Spuff.help.txt') | Should -BeTrue
    }

    It 'exposes no Spuff.Providers or third-party type in a signature, field or attribute' {
        $allowed = '^(Spuff\.Core|Spuff\.PowerShell|System(\..+)?|netstandard|mscorlib|Microsoft\.Bcl\.AsyncInterfaces)$'
        $flags = [System.Reflection.BindingFlags]'Public, NonPublic, Instance, Static, DeclaredOnly'
        $generated = [System.Runtime.CompilerServices.CompilerGeneratedAttribute]
        $seen = foreach ($type in [Spuff.PowerShell.SpuffCmdlet].Assembly.GetTypes() | Where-Object { -not $_.IsDefined($generated, $false) }) {
            $type.BaseType
            $type.GetCustomAttributes($false).GetType()
            foreach ($field in $type.GetFields($flags)) { $field.FieldType }
            foreach ($property in $type.GetProperties($flags)) { $property.PropertyType; $property.GetCustomAttributes($false).GetType() }
            foreach ($method in $type.GetMethods($flags) + $type.GetConstructors($flags)) {
                if ($method -is [System.Reflection.MethodInfo]) { $method.ReturnType }
                $method.GetParameters().ParameterType
            }
        }
        $assemblies = $seen | Where-Object { $_ } | ForEach-Object { $_.Assembly.GetName().Name } | Sort-Object -Unique
        $assemblies | Where-Object { $_ -notmatch $allowed -and $_ -ne 'System.Management.Automation' } | Should -BeNullOrEmpty
    }

    It 'imports without loading Spuff.Providers or any third-party dll' {
        $output = Invoke-FreshPwsh -Script @"
Import-Module '$script:ModulePath'
[AppDomain]::CurrentDomain.GetAssemblies().GetName().Name -join ','
"@
        $loaded = ($output | Select-Object -Last 1) -split ','
        $loaded | Should -Contain 'Spuff.PowerShell'
        $loaded | Should -Not -Contain 'Spuff.Providers'
        $loaded | Should -Not -Contain 'Polly.Core'
        $loaded | Should -Not -Contain 'Microsoft.Extensions.Http'
    }
}

Describe 'Error mapping' {
    BeforeAll {
        $mapper = [Spuff.PowerShell.SpuffCmdlet].Assembly.GetType('Spuff.PowerShell.Internal.ErrorMapper')
        $map = $mapper.GetMethods([System.Reflection.BindingFlags]'Public, Static') |
            Where-Object { $_.Name -eq 'Map' -and $_.GetParameters()[0].ParameterType -eq [Spuff.Core.ProviderException] }
        $contextType = $mapper.Assembly.GetType('Spuff.PowerShell.Internal.ErrorContext')
    }

    It 'maps <Kind> to <Id> (<Category>, terminating: <Terminating>)' -ForEach @(
        @{ Kind = 'Authentication'; Context = 'Default'; Id = 'ProviderAuthenticationFailed'; Category = 'AuthenticationError'; Terminating = $true }
        @{ Kind = 'UnknownProvider'; Context = 'Default'; Id = 'ProviderUnknown'; Category = 'InvalidArgument'; Terminating = $true }
        @{ Kind = 'NotImplemented'; Context = 'Default'; Id = 'ProviderNotImplemented'; Category = 'NotImplemented'; Terminating = $true }
        @{ Kind = 'NotSupported'; Context = 'Default'; Id = 'ProviderFeatureNotSupported'; Category = 'NotImplemented'; Terminating = $true }
        @{ Kind = 'NotFound'; Context = 'Default'; Id = 'InstanceNotFound'; Category = 'ObjectNotFound'; Terminating = $false }
        @{ Kind = 'NotFound'; Context = 'Snapshot'; Id = 'SnapshotNotFound'; Category = 'ObjectNotFound'; Terminating = $false }
        @{ Kind = 'InvalidConfig'; Context = 'Default'; Id = 'ProviderRequestInvalid'; Category = 'InvalidArgument'; Terminating = $false }
        @{ Kind = 'QuotaExceeded'; Context = 'Default'; Id = 'ProviderQuotaExceeded'; Category = 'QuotaExceeded'; Terminating = $false }
        @{ Kind = 'RateLimit'; Context = 'Default'; Id = 'ProviderRateLimited'; Category = 'LimitsExceeded'; Terminating = $false }
        @{ Kind = 'Timeout'; Context = 'Wait'; Id = 'WaitTimedOut'; Category = 'OperationTimeout'; Terminating = $false }
        @{ Kind = 'Timeout'; Context = 'Default'; Id = 'ProviderTimeout'; Category = 'OperationTimeout'; Terminating = $false }
        @{ Kind = 'Network'; Context = 'Default'; Id = 'ProviderConnectionFailed'; Category = 'ConnectionError'; Terminating = $false }
        @{ Kind = 'Api'; Context = 'Default'; Id = 'ProviderApiError'; Category = 'NotSpecified'; Terminating = $false }
        @{ Kind = 'Other'; Context = 'Default'; Id = 'ProviderApiError'; Category = 'InvalidResult'; Terminating = $false }
    ) {
        $exception = [Spuff.Core.ProviderException]::new([Spuff.Core.ProviderErrorKind]$Kind, "boom ($Kind)")
        $exception.RequestId = 'req-42'
        $mapped = $map.Invoke($null, @($exception, 'target-1', [Enum]::Parse($contextType, $Context)))
        $mapped.Record.FullyQualifiedErrorId | Should -Be $Id
        $mapped.Record.CategoryInfo.Category | Should -Be $Category
        $mapped.IsTerminating | Should -Be $Terminating
        $mapped.Record.TargetObject | Should -Be 'target-1'
        $mapped.Record.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        $mapped.Record.ErrorDetails.Message | Should -Match 'req-42'
    }
}

Describe 'Assembly isolation' {
    BeforeAll {
        $emulator = Get-TestEmulator
        Initialize-TestEmulator $emulator
        $null = New-SpuffInstance -Provider do -Name isolated
        $packages = Join-Path $TestDrive 'packages'
        foreach ($package in 'Polly.Core@8.4.2', 'Microsoft.Extensions.Http@9.0.0', 'Microsoft.Extensions.Logging.Abstractions@9.0.0', 'Microsoft.Extensions.DependencyInjection.Abstractions@9.0.0') {
            & dotnet package download $package -o $packages | Out-Null
            if ($LASTEXITCODE -ne 0) { throw "dotnet package download $package failed" }
        }
        $theirPolly = Get-ChildItem -Recurse -LiteralPath (Join-Path $packages 'polly.core/8.4.2') -Filter Polly.Core.dll | Where-Object { $_.FullName -match '[/\\]net8\.0[/\\]' } | Select-Object -First 1
        $theirAbstractions = 'microsoft.extensions.dependencyinjection.abstractions', 'microsoft.extensions.logging.abstractions' | ForEach-Object {
            Get-ChildItem -Recurse -LiteralPath (Join-Path $packages "$_/9.0.0") -Filter *.dll | Where-Object { $_.FullName -match '[/\\]net8\.0[/\\]' } | Select-Object -First 1
        }
        $theirHttp = Get-ChildItem -Recurse -LiteralPath (Join-Path $packages 'microsoft.extensions.http/9.0.0') -Filter Microsoft.Extensions.Http.dll | Where-Object { $_.FullName -match '[/\\]net8\.0[/\\]' } | Select-Object -First 1
    }

    AfterAll {
        Remove-TestEmulator $emulator
    }

    It 'runs next to another Polly.Core and Microsoft.Extensions.Http loaded first, both working' {
        [xml] $versions = Get-Content -Raw -LiteralPath (Join-Path $script:RepoRoot 'Directory.Packages.props')
        $ourPolly = ($versions.Project.ItemGroup.PackageVersion | Where-Object Include -EQ 'Polly.Core').Version
        $ourHttp = ($versions.Project.ItemGroup.PackageVersion | Where-Object Include -EQ 'Microsoft.Extensions.Http').Version
        # File versions carry a build number (10.0.0 ships as 10.0.25.x): compare major.minor.
        $ourPolly, $ourHttp = $ourPolly, $ourHttp | ForEach-Object { (($_ -split '\.')[0..1] -join '.') + '.' }
        $script = @"
`$ErrorActionPreference = 'Stop'
Add-Type -LiteralPath '$($theirPolly.FullName)'
Add-Type -LiteralPath '$($theirAbstractions[0].FullName)'
Add-Type -LiteralPath '$($theirAbstractions[1].FullName)'
Add-Type -LiteralPath '$($theirHttp.FullName)'
`$pipeline = [Polly.ResiliencePipelineBuilder]::new().Build()
`$pipeline.Execute([Action] { })
`$before = [Microsoft.Extensions.Http.HttpClientFactoryOptions]::new().HandlerLifetime.TotalMinutes
Import-Module '$script:ModulePath'
`$ours = @(Get-SpuffInstance -Provider do)
`$pipeline.Execute([Action] { })
`$after = [Microsoft.Extensions.Http.HttpClientFactoryOptions]::new().HandlerLifetime.TotalMinutes
"theirs: `$before `$after ours: `$(`$ours.Name -join ',')"
foreach (`$assembly in [AppDomain]::CurrentDomain.GetAssemblies()) {
    `$name = `$assembly.GetName().Name
    if (`$name -in 'Polly.Core', 'Microsoft.Extensions.Http', 'Spuff.Providers', 'Spuff.Core', 'Microsoft.Bcl.AsyncInterfaces') {
        `$version = [Diagnostics.FileVersionInfo]::GetVersionInfo(`$assembly.Location).FileVersion
        "assembly: `$name|`$version|`$([System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$assembly).Name)"
    }
}
"@
        $output = Invoke-FreshPwsh -Script $script
        $output | Should -Contain 'theirs: 2 2 ours: isolated'
        $assemblies = $output | Where-Object { $_ -like 'assembly: *' } | ForEach-Object {
            $name, $version, $context = $_.Substring(10) -split '\|'
            [pscustomobject]@{ Name = $name; Version = $version; Context = $context }
        }
        $polly = $assemblies | Where-Object Name -EQ 'Polly.Core'
        @($polly).Count | Should -Be 2
        ($polly | Where-Object Context -EQ 'Spuff').Version | Should -BeLike "$ourPolly*"
        ($polly | Where-Object Context -NE 'Spuff').Version | Should -BeLike '8.4.2*'
        $http = $assemblies | Where-Object Name -EQ 'Microsoft.Extensions.Http'
        @($http).Count | Should -Be 2
        ($http | Where-Object Context -EQ 'Spuff').Version | Should -BeLike "$ourHttp*"
        ($http | Where-Object Context -NE 'Spuff').Version | Should -BeLike '9.*'
        ($assemblies | Where-Object Name -EQ 'Spuff.Providers').Context | Should -Be 'Spuff'
        ($assemblies | Where-Object Name -EQ 'Spuff.Core').Context | Should -Be 'Default'
        $assemblies | Where-Object { $_.Name -eq 'Microsoft.Bcl.AsyncInterfaces' -and $_.Context -eq 'Spuff' } | Should -BeNullOrEmpty
    }
}

Describe 'Assembly isolation, other module second' {
    BeforeAll {
        $emulator = Get-TestEmulator
        Initialize-TestEmulator $emulator
        $packages = Join-Path $TestDrive 'packages'
        & dotnet package download 'Polly.Core@8.4.2' -o $packages | Out-Null
        if ($LASTEXITCODE -ne 0) { throw 'dotnet package download Polly.Core@8.4.2 failed' }
        $theirPolly = Get-ChildItem -Recurse -LiteralPath (Join-Path $packages 'polly.core/8.4.2') -Filter Polly.Core.dll | Where-Object { $_.FullName -match '[/\\]net8\.0[/\\]' } | Select-Object -First 1
    }

    AfterAll {
        Remove-TestEmulator $emulator
    }

    It 'keeps its own Polly.Core when another module loads one after Spuff started, before Spuff needed Polly' {
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$script:ModulePath'
`$null = Get-SpuffProvider
"polly before: `$(@([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Polly.Core' }).Count)"
Add-Type -LiteralPath '$($theirPolly.FullName)'
`$null = @(Get-SpuffInstance -Provider do)
[Polly.ResiliencePipelineBuilder]::new().Build().Execute([Action] { })
foreach (`$assembly in [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Polly.Core' }) {
    "polly: `$([Diagnostics.FileVersionInfo]::GetVersionInfo(`$assembly.Location).FileVersion)|`$([System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$assembly).Name)"
}
"@
        $output = Invoke-FreshPwsh -Script $script
        $output | Should -Contain 'polly before: 0'
        $polly = $output | Where-Object { $_ -like 'polly: *' }
        @($polly).Count | Should -Be 2
        @($polly | Where-Object { $_ -like 'polly: 8.4.2*|Default' }).Count | Should -Be 1
        @($polly | Where-Object { $_ -like '*|Spuff' -and $_ -notlike 'polly: 8.4.2*' }).Count | Should -Be 1
    }
}

Describe 'Installing the package' {
    It 'installs from a local repository with Install-PSResource into a fresh session and runs' {
        $repository = Join-Path $TestDrive 'repository'
        $fakeHome = Join-Path $TestDrive 'home'
        # .NET reports no LocalApplicationData (and PSResourceGet then writes to the current folder) unless it exists.
        $null = New-Item -ItemType Directory -Force -Path $fakeHome, (Join-Path $fakeHome '.local/share'), (Join-Path $fakeHome '.config'), (Join-Path $fakeHome '.cache')
        $package = & (Join-Path $script:RepoRoot 'tools/Publish-SpuffModule.ps1') -ModulePath (Split-Path -Parent $script:ModulePath) -RepositoryPath $repository
        $package.Name | Should -BeLike 'Spuff.*.nupkg'
        $script = @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name SpuffTest -Uri '$repository' -Trusted
Install-PSResource -Name Spuff -Repository SpuffTest -Scope CurrentUser -TrustRepository
Import-Module Spuff
"base: `$((Get-Module Spuff).ModuleBase)"
"providers: `$((Get-SpuffProvider).Name -join ',')"
"@
        $environment = @{ HOME = $fakeHome; XDG_DATA_HOME = (Join-Path $fakeHome '.local/share'); XDG_CONFIG_HOME = (Join-Path $fakeHome '.config'); XDG_CACHE_HOME = (Join-Path $fakeHome '.cache'); PSModulePath = $null }
        $output = Invoke-FreshPwsh -Script $script -Environment $environment
        ($output | Where-Object { $_ -like 'base: *' }) | Should -BeLike "base: $fakeHome*"
        $output | Should -Contain 'providers: digitalocean,hetzner,aws,docker'
    }
}

Describe 'Licence, release notes and online help' {
    BeforeAll {
        $psData = $manifest.PrivateData.PSData
        $repositoryBase = $psData.ProjectUri.TrimEnd('/') + '/blob/main/'
        # A link into the repository resolves to this checkout's file of the same path.
        function Resolve-RepositoryLink([string] $Uri) {
            $Uri | Should -BeLike "$repositoryBase*"
            Join-Path $script:RepoRoot $Uri.Substring($repositoryBase.Length)
        }
    }

    It 'ships the MIT licence that LicenseUri names, in the package and in the repository' {
        $manifest.Copyright | Should -Match 'MIT'
        $repositoryCopy = Resolve-RepositoryLink $psData.LicenseUri
        Test-Path -LiteralPath $repositoryCopy | Should -BeTrue
        $shipped = Join-Path $moduleRoot (Split-Path -Leaf $repositoryCopy)
        Test-Path -LiteralPath $shipped | Should -BeTrue
        $text = Get-Content -Raw -LiteralPath $shipped
        $text | Should -Match '^MIT License'
        $text | Should -Match 'Copyright \(c\) \d{4} Spuff contributors'
        $text | Should -Match 'THE SOFTWARE IS PROVIDED "AS IS"'
        $text | Should -Be (Get-Content -Raw -LiteralPath $repositoryCopy)
    }

    It 'points ReleaseNotes at the CHANGELOG.md it ships, which covers this version' {
        $psData.ReleaseNotes | Should -Match 'CHANGELOG\.md'
        $link = [regex]::Match($psData.ReleaseNotes, 'https://\S+').Value
        Test-Path -LiteralPath (Resolve-RepositoryLink $link) | Should -BeTrue
        $shipped = Join-Path $moduleRoot 'CHANGELOG.md'
        Test-Path -LiteralPath $shipped | Should -BeTrue
        $changelog = Get-Content -Raw -LiteralPath $shipped
        $changelog | Should -Match '(?m)^## \[Unreleased\]'
        $version = (Test-ModuleManifest -Path $script:ModulePath).Version.ToString()
        $changelog | Should -Match "(?m)^## \[$([regex]::Escape($version))\] - \d{4}-\d{2}-\d{2}"
    }

    It 'gives every exported cmdlet a HelpUri: its page in the repository docs' {
        foreach ($command in Get-Command -Module Spuff -CommandType Cmdlet) {
            $command.HelpUri | Should -Be "$($repositoryBase)docs/Spuff/$($command.Name).md" -Because $command.Name
            Test-Path -LiteralPath (Resolve-RepositoryLink $command.HelpUri) | Should -BeTrue -Because $command.Name
            # The page's own PlatyPS header names the same address.
            Get-Content -LiteralPath (Resolve-RepositoryLink $command.HelpUri) -TotalCount 6 |
                Should -Contain "online version: $($command.HelpUri)" -Because $command.Name
        }
    }
}
