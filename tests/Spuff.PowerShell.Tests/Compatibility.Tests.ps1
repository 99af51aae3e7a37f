# Windows PowerShell 5.1 runs on .NET Framework 4.x, which loads netstandard2.0 assemblies (through its netstandard
# facade) but nothing built for netstandard2.1 or .NET (Core). No 5.1 runs here, so the shipped module is checked
# by construction: every dll it can load declares netstandard2.0 or older and references nothing newer.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $moduleRoot = Split-Path -Parent $ModulePath
    $assemblies = @(Get-ChildItem -LiteralPath $moduleRoot -Filter *.dll) + @(Get-ChildItem -LiteralPath (Join-Path $moduleRoot 'dependencies') -Filter *.dll) |
        ForEach-Object { @{ Name = $_.Name; Path = $_.FullName } }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')

    # The target framework an assembly declares, and its references, read from metadata without loading it.
    function Get-AssemblyTarget([string] $Path) {
        $stream = [IO.File]::OpenRead($Path)
        try {
            $pe = [System.Reflection.PortableExecutable.PEReader]::new($stream)
            $reader = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
            $framework = $null
            foreach ($handle in $reader.GetAssemblyDefinition().GetCustomAttributes()) {
                $attribute = $reader.GetCustomAttribute($handle)
                if ($attribute.Constructor.Kind -ne 'MemberReference') { continue }
                $constructor = $reader.GetMemberReference([System.Reflection.Metadata.MemberReferenceHandle] $attribute.Constructor)
                if ($constructor.Parent.Kind -ne 'TypeReference') { continue }
                $type = $reader.GetTypeReference([System.Reflection.Metadata.TypeReferenceHandle] $constructor.Parent)
                if ($reader.GetString($type.Name) -eq 'TargetFrameworkAttribute') {
                    $blob = $reader.GetBlobReader($attribute.Value)
                    $null = $blob.ReadUInt16()
                    $framework = $blob.ReadSerializedString()
                }
            }
            $references = foreach ($referenceHandle in $reader.AssemblyReferences) {
                $reference = $reader.GetAssemblyReference($referenceHandle)
                [pscustomobject]@{ Name = $reader.GetString($reference.Name); Version = $reference.Version }
            }
            [pscustomobject]@{ Framework = $framework; References = @($references) }
        }
        finally { $stream.Dispose() }
    }
}

Describe 'Assemblies loadable by Windows PowerShell 5.1' {
    It 'ships assemblies to check' -ForEach @{ Count = $assemblies.Count } {
        $Count | Should -BeGreaterThan 10
    }

    It 'tells an assembly built for .NET apart (the check can fail)' {
        # PowerShell's own engine is built for .NET, not netstandard.
        $target = Get-AssemblyTarget ([psobject].Assembly.Location)
        $target.Framework | Should -Match '^\.NETCoreApp'
        $target.Framework | Should -Not -Match '^\.NETStandard,Version=v(1\.\d|2\.0)$'
    }

    It '<Name> targets netstandard2.0 or older' -ForEach $assemblies {
        $target = Get-AssemblyTarget $Path
        if ($target.Framework) {
            $target.Framework | Should -Match '^\.NETStandard,Version=v(1\.\d|2\.0)$' -Because "$Name must load on .NET Framework 4.7.2"
        }

        # Built for .NET (Core) an assembly references System.Runtime 5+ (or netstandard 2.1); neither exists on .NET Framework.
        foreach ($reference in $target.References) {
            if ($reference.Name -eq 'netstandard') { $reference.Version | Should -BeLessOrEqual ([version] '2.0.0.0') -Because "$Name references netstandard $($reference.Version)" }
            if ($reference.Name -eq 'System.Runtime') { $reference.Version.Major | Should -BeLessThan 5 -Because "$Name references System.Runtime $($reference.Version)" }
        }
    }
}
