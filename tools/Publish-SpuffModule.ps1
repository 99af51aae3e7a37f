#requires -Version 7.2
<#
.SYNOPSIS
    Publishes a built module folder (out/Spuff) to a local file repository with PSResourceGet.
.DESCRIPTION
    Registers the folder as a trusted PSResource repository under a unique name, publishes the module to it,
    and unregisters it again, so the user's repository list is left as it was. Writes the .nupkg file.
.EXAMPLE
    ./tools/Publish-SpuffModule.ps1 -ModulePath out/Spuff -RepositoryPath out/repository
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $RepositoryPath
)

$ErrorActionPreference = 'Stop'
$null = New-Item -ItemType Directory -Force -Path $RepositoryPath
$RepositoryPath = (Resolve-Path $RepositoryPath).Path
# PSResourceGet keeps its repository list under LocalApplicationData; .NET reports that folder as '' (and the list
# lands in the current folder) unless it exists, as on a fresh machine.
$null = [Environment]::GetFolderPath([Environment+SpecialFolder]::LocalApplicationData, [Environment+SpecialFolderOption]::Create)
$name = 'SpuffLocal' + [guid]::NewGuid().ToString('n').Substring(0, 8)
Register-PSResourceRepository -Name $name -Uri $RepositoryPath -Trusted
try {
    Publish-PSResource -Path (Resolve-Path $ModulePath).Path -Repository $name
}
finally {
    Unregister-PSResourceRepository -Name $name
}
Get-ChildItem -LiteralPath $RepositoryPath -Filter 'Spuff.*.nupkg'
