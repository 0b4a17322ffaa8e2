# Builds the Windows installer: the PyInstaller one-folder bundle, then the Inno Setup 6
# installer around it.
#
#     powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1
#
# Needs: Python 3.11 (the project's .venv is made when missing) and Inno Setup 6.3 or newer
# (ISCC.exe on PATH, or in its default folder; or give -Iscc C:\path\to\ISCC.exe).
# Output: dist\Gyeongcheong\ (the bundle) and dist\Gyeongcheong-Setup-<version>.exe.
param(
    [string]$Iscc = ""
)
$ErrorActionPreference = "Stop"
$Root = Resolve-Path (Join-Path $PSScriptRoot "..\..")
Set-Location $Root

# The version: [project] version in pyproject.toml, the one place it is written.
$Version = (Select-String -Path pyproject.toml -Pattern '^version\s*=\s*"([^"]+)"' |
    Select-Object -First 1).Matches[0].Groups[1].Value
if (-not $Version) { throw "no version in pyproject.toml" }
Write-Host "Gyeongcheong $Version"

$Python = Join-Path $Root ".venv\Scripts\python.exe"
if (-not (Test-Path $Python)) {
    py -3.11 -m venv .venv
    if ($LASTEXITCODE -ne 0) { throw "could not create .venv (is Python 3.11 installed?)" }
}
# The app and the pinned build tools (the "build" extra of pyproject.toml).
& $Python -m pip install -q -e ".[build]"
if ($LASTEXITCODE -ne 0) { throw "pip install failed" }

$Started = Get-Date
if (Test-Path dist\Gyeongcheong) { Remove-Item -Recurse -Force dist\Gyeongcheong }
& $Python -m PyInstaller --noconfirm --clean --log-level WARN `
    --distpath dist --workpath build\pyinstaller installer\gyeongcheong.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }
if (-not (Test-Path dist\Gyeongcheong\Gyeongcheong.exe)) { throw "the bundle has no Gyeongcheong.exe" }

if (-not $Iscc) {
    $found = Get-Command ISCC.exe -ErrorAction SilentlyContinue
    if ($found) { $Iscc = $found.Source }
}
if (-not $Iscc) {
    foreach ($dir in @("${env:ProgramFiles(x86)}\Inno Setup 6", "$env:ProgramFiles\Inno Setup 6",
                       "$env:LOCALAPPDATA\Programs\Inno Setup 6")) {
        if (Test-Path "$dir\ISCC.exe") { $Iscc = "$dir\ISCC.exe"; break }
    }
}
if (-not $Iscc) { throw "ISCC.exe (Inno Setup 6) not found: install it or pass -Iscc" }

& $Iscc "/DAppVersion=$Version" installer\windows\gyeongcheong.iss
if ($LASTEXITCODE -ne 0) { throw "ISCC failed" }

$Took = [int]((Get-Date) - $Started).TotalSeconds
$Setup = Get-Item "dist\Gyeongcheong-Setup-$Version.exe"
$BundleMB = [math]::Round(((Get-ChildItem -Recurse dist\Gyeongcheong | Measure-Object Length -Sum).Sum / 1MB), 1)
Write-Host ("bundle dist\Gyeongcheong: {0} MB; installer {1}: {2} MB; built in {3} s" -f `
    $BundleMB, $Setup.Name, [math]::Round($Setup.Length / 1MB, 1), $Took)
