#requires -Version 7.2
<#
.SYNOPSIS
    Starts a private dockerd with the busybox test image, for the Pester tests of `-Provider docker`.
.DESCRIPTION
    Runs tests/tools/test-dockerd.sh start (the same engine the xunit tests use: its own socket, data root and
    bridge, no firewall changes) and returns an object with Directory, DockerHost, Image and Pid. With -SetEnvironment
    it also sets $env:DOCKER_HOST and $env:SPUFF_DOCKER_ENDPOINT for this process, so `New-SpuffInstance -Provider
    docker -Image $engine.Image` talks to it. Needs root and: apt-get install -y docker.io busybox-static iproute2.
.EXAMPLE
    $engine = & ./tests/tools/Start-TestDockerd.ps1 -SetEnvironment
    New-SpuffInstance -Provider docker -Name pester-1 -Image $engine.Image -Wait
    & ./tests/tools/Stop-TestDockerd.ps1 -Engine $engine
#>
[CmdletBinding()]
param(
    [switch] $SetEnvironment
)

$ErrorActionPreference = 'Stop'
$script = Join-Path $PSScriptRoot 'test-dockerd.sh'
$lines = & bash $script start 2>&1
if ($LASTEXITCODE -ne 0) {
    throw "Could not start the test dockerd (exit $LASTEXITCODE): $($lines -join ' ')"
}

$values = @{}
foreach ($line in $lines) {
    $key, $value = "$line" -split '=', 2
    if ($null -ne $value) { $values[$key.Trim()] = $value.Trim() }
}

$engine = [pscustomobject]@{
    Directory  = $values['SPUFF_TEST_DOCKER_DIR']
    DockerHost = $values['DOCKER_HOST']
    Image      = $values['SPUFF_TEST_DOCKER_IMAGE']
    Pid        = [int] $values['SPUFF_TEST_DOCKER_PID']
}

if ($SetEnvironment) {
    $env:DOCKER_HOST = $engine.DockerHost
    $env:SPUFF_DOCKER_ENDPOINT = $engine.DockerHost
}

$engine
