#!/usr/bin/env pwsh
# Build tasks for users who have PowerShell. Each task runs the same dotnet (and bash) commands the README documents.
param(
    [ValidateSet('build', 'test', 'run', 'publish-drivers', 'pack-contract', 'bench')]
    [string]$Task = 'build'
)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

function Invoke-Step([string]$File, [string[]]$Arguments) {
    Write-Host "> $File $($Arguments -join ' ')"
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

switch ($Task) {
    'build'           { Invoke-Step dotnet @('build', 'ShareHost.sln') }
    'test'            { Invoke-Step bash @('./test.sh') }
    'run'             { Invoke-Step dotnet @('run', '--project', 'ShareHost') }
    'publish-drivers' { Invoke-Step bash @('./scripts/publish-drivers.sh') }
    'pack-contract'   { Invoke-Step dotnet @('pack', 'ShareHost.Abstractions', '-c', 'Release', '-o', 'artifacts/packages') }
    'bench'           { Invoke-Step dotnet @('run', '--project', 'Benchmarks/ShareHost.Benchmarks', '-c', 'Release') }
}
