#requires -Version 7.2
<#
.SYNOPSIS
    Stops a dockerd started by Start-TestDockerd.ps1: removes its containers and images, stops it by its pid,
    deletes its directory and bridge, and clears the environment variables Start-TestDockerd.ps1 -SetEnvironment set.
.EXAMPLE
    & ./tests/tools/Stop-TestDockerd.ps1 -Engine $engine
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory, ValueFromPipeline)]
    [object] $Engine
)

process {
    $directory = if ($Engine -is [string]) { $Engine } else { $Engine.Directory }
    $output = & bash (Join-Path $PSScriptRoot 'test-dockerd.sh') stop $directory 2>&1
    if ($LASTEXITCODE -ne 0) {
        Write-Warning "test-dockerd.sh stop $directory failed (exit $LASTEXITCODE): $($output -join ' ')"
    }

    if ($env:SPUFF_DOCKER_ENDPOINT -and $env:SPUFF_DOCKER_ENDPOINT -like "unix://$directory/*") {
        Remove-Item Env:SPUFF_DOCKER_ENDPOINT
    }
    if ($env:DOCKER_HOST -and $env:DOCKER_HOST -like "unix://$directory/*") {
        Remove-Item Env:DOCKER_HOST
    }
}
