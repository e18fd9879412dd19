<#
.SYNOPSIS
Installs the AITBC miner daemon as a Windows service from a release archive (package.sh's win-x64 .zip).

.DESCRIPTION
The archive's SHA-256 is checked before anything is written. The miner enrols with the gateway (the coordinator URL)
using the owner's API key from $env:AITBC_API_KEY, which is passed to the enrolment and never written anywhere; the
miner keeps the client certificate it gets beside its identity key and later reads the live silo gateways from the
gateway. No database connection string is ever put on a rig: -Coordinator accepts an http(s) URL only.

With -Root DIR the install is staged under DIR: files are written there, but no service is created, no ACL is set and
the commands that would touch the live system (enrol, New-Service, Start-Service) are printed instead of run.

.EXAMPLE
$env:AITBC_API_KEY = 'aitbc_...'
.\install.ps1 -Archive .\aitbc-miner-1.0.0-win-x64.zip -Sha256 <hex> -Coordinator https://gateway.example -City Frankfurt
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string]$Archive,
    [Parameter(Mandatory = $true)][string]$Sha256,
    [string]$Coordinator,
    [Nullable[double]]$Latitude,
    [Nullable[double]]$Longitude,
    [string]$City,
    [Nullable[decimal]]$PriceFloor,
    [Nullable[int]]$PowerBudgetW,
    [string]$Root,
    [switch]$NoService
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$ServiceName = 'aitbc-miner'
$BinaryName = 'MinerClient.exe'

function Fail([string]$Message) {
    Write-Error "install.ps1: error: $Message" -ErrorAction Continue
    exit 1
}

# --- arguments ------------------------------------------------------------------------------------------------------

if (-not (Test-Path -LiteralPath $Archive -PathType Leaf)) { Fail "archive '$Archive' does not exist" }
if ($Sha256 -notmatch '^[0-9a-fA-F]{64}$') { Fail '-Sha256 must be 64 hexadecimal characters' }
if (($null -eq $Latitude) -ne ($null -eq $Longitude)) { Fail '-Latitude and -Longitude must be given together' }
if ($null -ne $Latitude -and ($Latitude -lt -90 -or $Latitude -gt 90)) { Fail "-Latitude must be between -90 and 90 (got $Latitude)" }
if ($null -ne $Longitude -and ($Longitude -lt -180 -or $Longitude -gt 180)) { Fail "-Longitude must be between -180 and 180 (got $Longitude)" }
if ($City -and $null -ne $Latitude) { Fail 'give either -Latitude/-Longitude or -City, not both' }
if ($City -and $City -notmatch "^[\p{L}][\p{L}\s.'-]{0,63}(,[A-Za-z]{2})?$") { Fail "-City must be a city name (optionally NAME,CC), e.g. Frankfurt (got '$City')" }
if ($null -ne $PriceFloor -and ($PriceFloor -lt 0 -or $PriceFloor -gt 1000000)) { Fail "-PriceFloor must be from 0 to 1000000 (got $PriceFloor)" }
if ($null -ne $PowerBudgetW -and ($PowerBudgetW -lt 1 -or $PowerBudgetW -gt 100000)) { Fail "-PowerBudgetW must be from 1 to 100000 watts (got $PowerBudgetW)" }
if ($Coordinator -and $Coordinator -notmatch '^https?://[^\s";\\]+$') {
    Fail "-Coordinator must be the cluster gateway's URL (https://...), not a connection string; nothing was written"
}

$dry = [bool]$Root
# A staged install maps C:\... under -Root (with this system's separator, so it can be staged and tested anywhere).
function Under([string]$Path) {
    if (-not $dry) { return $Path }
    Join-Path $Root (($Path -replace '^[A-Za-z]:[\\/]', '') -replace '\\', [IO.Path]::DirectorySeparatorChar)
}
$programFiles = if ($env:ProgramFiles) { $env:ProgramFiles } else { 'C:\Program Files' }
$programData = if ($env:ProgramData) { $env:ProgramData } else { 'C:\ProgramData' }
$InstallDir = Join-Path $programFiles 'AITBC Miner'
$DataDir = Join-Path $programData 'aitbc-miner'
$ConfigFile = Join-Path $DataDir 'miner.json'
$StateDir = Join-Path $DataDir 'state'

# --- verify the archive before anything else is written ------------------------------------------------------------

$actual = (Get-FileHash -Algorithm SHA256 -LiteralPath $Archive).Hash.ToLowerInvariant()
if ($actual -ne $Sha256.ToLowerInvariant()) {
    Fail "SHA-256 mismatch for '$Archive': expected $($Sha256.ToLowerInvariant()), got $actual. Refusing to install; nothing was written."
}

Add-Type -AssemblyName System.IO.Compression.FileSystem
$zip = [System.IO.Compression.ZipFile]::OpenRead((Resolve-Path -LiteralPath $Archive).Path)
try {
    foreach ($entry in $zip.Entries) {
        $name = $entry.FullName -replace '\\', '/'
        if ($name.StartsWith('/') -or $name -match '^[A-Za-z]:' -or "/$name/" -like '*/../*') {
            Fail "archive entry '$($entry.FullName)' would escape the install directory; refusing to install"
        }
    }
}
finally {
    $zip.Dispose()
}

function Invoke-OrPrint([string]$Description, [scriptblock]$Action) {
    if ($dry) { Write-Output "would run: $Description" } else { & $Action }
}

# --- install the payload -------------------------------------------------------------------------------------------

$dest = Under $InstallDir
$parent = Split-Path -Parent $dest
New-Item -ItemType Directory -Force -Path $parent | Out-Null
$staging = Join-Path $parent (".aitbc-miner.staging." + [guid]::NewGuid().ToString('N'))
try {
    Expand-Archive -LiteralPath $Archive -DestinationPath $staging
    $payload = $staging
    if (-not (Test-Path -LiteralPath (Join-Path $payload $BinaryName))) {
        $top = @(Get-ChildItem -LiteralPath $staging -Force)
        if ($top.Count -eq 1 -and $top[0].PSIsContainer) { $payload = $top[0].FullName }
    }
    if (-not (Test-Path -LiteralPath (Join-Path $payload $BinaryName))) { Fail "archive has no $BinaryName at its top level; nothing was installed" }

    $service = if ($dry -or $NoService) { $null } else { Get-Service -Name $ServiceName -ErrorAction SilentlyContinue }
    if ($service -and $service.Status -ne 'Stopped') { Stop-Service -Name $ServiceName }
    # Swap folders so a failed upgrade never leaves a half-copied install behind.
    if (Test-Path -LiteralPath $dest) {
        Remove-Item -LiteralPath "$dest.previous" -Recurse -Force -ErrorAction SilentlyContinue
        Move-Item -LiteralPath $dest -Destination "$dest.previous"
    }
    Move-Item -LiteralPath $payload -Destination $dest
    Remove-Item -LiteralPath "$dest.previous" -Recurse -Force -ErrorAction SilentlyContinue
    Write-Output "installed $BinaryName to $dest"
}
finally {
    Remove-Item -LiteralPath $staging -Recurse -Force -ErrorAction SilentlyContinue
}

# --- state and configuration ---------------------------------------------------------------------------------------

$state = Under $StateDir
New-Item -ItemType Directory -Force -Path $state | Out-Null
if (-not $dry) {
    # The service account (LocalSystem) and administrators only: the identity key lives here.
    Invoke-OrPrint "icacls" { icacls $state /inheritance:r /grant:r 'SYSTEM:(OI)(CI)F' 'Administrators:(OI)(CI)F' | Out-Null }
}

$config = Under $ConfigFile
$configGiven = $Coordinator -or $null -ne $Latitude -or $City -or $null -ne $PriceFloor -or $null -ne $PowerBudgetW
if ((Test-Path -LiteralPath $config) -and -not $configGiven) {
    Write-Output "keeping existing configuration $config"
}
else {
    if (-not $Coordinator -and -not $dry) { Fail '-Coordinator is required for a first install (the miner needs to know where to enrol)' }
    if ($null -eq $Latitude -and -not $City -and -not $dry -and [Environment]::UserInteractive) {
        # Geo-routing needs to know where the rig is; ask rather than let the miner refuse to start later.
        $answer = Read-Host 'Where is this rig? A city (e.g. Frankfurt) or LAT,LON (e.g. 50.11,8.68)'
        if ($answer -match '^\s*(-?[0-9.]+)\s*,\s*(-?[0-9.]+)\s*$') {
            $Latitude = [double]::Parse($Matches[1], [Globalization.CultureInfo]::InvariantCulture)
            $Longitude = [double]::Parse($Matches[2], [Globalization.CultureInfo]::InvariantCulture)
        }
        else { $City = $answer.Trim() }
    }
    if ($null -eq $Latitude -and -not $City) {
        if (-not $dry) { Fail "the rig's location is required for a first install: -Latitude X -Longitude Y, or -City NAME (e.g. -City Frankfurt)" }
        Write-Output 'no location given: the miner will refuse to start until miner.json has one (-Latitude/-Longitude or -City)'
    }
    $settings = [ordered]@{
        coordinator = if ($Coordinator) { $Coordinator } else { $null }
        location = if ($null -ne $Latitude) { [ordered]@{ latitude = $Latitude; longitude = $Longitude } } else { $null }
        city = if ($City) { $City } else { $null }
        priceFloor = $PriceFloor
        powerBudgetW = $PowerBudgetW
        identityKeyPath = (Join-Path $StateDir 'identity.key')
        stateDirectory = $StateDir
    }
    New-Item -ItemType Directory -Force -Path (Split-Path -Parent $config) | Out-Null
    if (Test-Path -LiteralPath $config) { Copy-Item -LiteralPath $config -Destination "$config.bak" -Force }
    $settings | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $config -Encoding utf8
    Write-Output "wrote configuration $config"
}

# --- enrol, then the service ---------------------------------------------------------------------------------------

$exe = Join-Path $InstallDir $BinaryName
$binaryPath = "`"$exe`" run --config `"$ConfigFile`""
if (-not $dry -and (Test-Path -LiteralPath (Join-Path $StateDir 'certificate.pem'))) {
    Write-Output "already enrolled ($StateDir\certificate.pem exists)"
}
elseif (-not $dry -and -not $env:AITBC_API_KEY) {
    Write-Output "not enrolled yet: run with the owner's key: `$env:AITBC_API_KEY='...'; & '$exe' enroll --config '$ConfigFile'"
}
else {
    Invoke-OrPrint "$exe enroll --config $ConfigFile" { & $exe enroll --config $ConfigFile; if ($LASTEXITCODE -ne 0) { Fail "enrolment failed (exit code $LASTEXITCODE)" } }
}

if ($NoService) {
    Write-Output "not creating the service (-NoService); create it with: New-Service -Name $ServiceName -BinaryPathName '$binaryPath' -StartupType Automatic"
}
else {
    Invoke-OrPrint "New-Service -Name $ServiceName -BinaryPathName $binaryPath -StartupType Automatic" {
        if (-not (Get-Service -Name $ServiceName -ErrorAction SilentlyContinue)) {
            New-Service -Name $ServiceName -BinaryPathName $binaryPath -DisplayName 'AITBC GPU miner' -StartupType Automatic | Out-Null
        }
    }
    # Restart after a crash, like systemd's Restart=always; the stop request drains running jobs first.
    Invoke-OrPrint "sc.exe failure $ServiceName reset= 86400 actions= restart/5000/restart/5000/restart/30000" {
        sc.exe failure $ServiceName reset= 86400 actions= restart/5000/restart/5000/restart/30000 | Out-Null
    }
    Invoke-OrPrint "Start-Service -Name $ServiceName" { Start-Service -Name $ServiceName }
}

Write-Output 'done'
