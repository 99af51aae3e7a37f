# Module manifest template for Spuff. build.ps1 copies it to out/Spuff/Spuff.psd1 and stamps ModuleVersion
# from <Version> in Directory.Build.props; keep CmdletsToExport in step with src/Spuff.PowerShell/Commands.
@{
    RootModule           = 'Spuff.PowerShell.dll'
    ModuleVersion        = '0.0.0'
    CompatiblePSEditions = @('Desktop', 'Core')
    GUID                 = '4f7a2c1e-5b0d-4d8e-9a53-2f1c6e9b7d40'
    Author               = 'Spuff contributors'
    CompanyName          = 'Spuff contributors'
    Copyright            = '(c) Spuff contributors. MIT License.'
    Description          = 'Ephemeral cloud dev machines on DigitalOcean, Hetzner, AWS EC2 and Docker through one set of cmdlets: create, wait for, snapshot and destroy.'
    PowerShellVersion    = '5.1'
    # Loaded before TypesToProcess: Spuff.Types.ps1xml names Spuff.Core types (TargetTypeForDeserialization).
    RequiredAssemblies   = @('Spuff.Core.dll')
    TypesToProcess       = @('Spuff.Types.ps1xml')
    FormatsToProcess     = @('Spuff.Format.ps1xml')
    FunctionsToExport    = @()
    CmdletsToExport      = @(
        'New-SpuffInstance'
        'Get-SpuffInstance'
        'Wait-SpuffInstance'
        'Remove-SpuffInstance'
        'New-SpuffSnapshot'
        'Get-SpuffSnapshot'
        'Remove-SpuffSnapshot'
        'Get-SpuffProvider'
        'Invoke-SpuffCommand'
        'Connect-SpuffInstance'
    )
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('cloud', 'devbox', 'ephemeral', 'DigitalOcean', 'Hetzner', 'AWS', 'EC2', 'Docker', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/avelino/spuff'
            LicenseUri   = 'https://github.com/avelino/spuff/blob/main/LICENSE'
            # The whole history is CHANGELOG.md, shipped in the module folder and kept in the repository.
            ReleaseNotes = 'See CHANGELOG.md in the module folder or https://github.com/avelino/spuff/blob/main/CHANGELOG.md'
        }
    }
}
