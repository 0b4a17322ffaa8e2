#!/usr/bin/env bash
# Builds the macOS app and its disk image, on a Mac:
#     dist/Gyeongcheong.app  and  dist/Gyeongcheong-<version>.dmg
#
#     bash installer/macos/build_dmg.sh
#
# Needs Python 3.11 (python3.11 on PATH; the project's .venv is made when missing) and the
# Xcode command line tools (hdiutil, codesign). The .app is built for the Mac's own
# architecture (arm64 on Apple silicon, x86_64 on Intel): build on each kind for both.
#
# Signing and notarisation are optional and skipped unless asked for:
#   CODESIGN_IDENTITY="Developer ID Application: Office Name (TEAMID)"
#       signs the app (hardened runtime, installer/macos/entitlements.plist) and the image;
#   NOTARY_PROFILE=profile-name
#       also sends the image to Apple's notary service and staples the ticket; the profile is
#       made once with: xcrun notarytool store-credentials profile-name --apple-id ... \
#       --team-id TEAMID --password <app-specific password>
# Without them the image is unsigned: the first start needs right-click > Open (or System
# Settings > Privacy & Security > Open Anyway).
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ ! -x .venv/bin/python ]; then
  "${PYTHON:-python3.11}" -m venv .venv
fi
.venv/bin/python -m pip install -q -e ".[build]"

version="$(.venv/bin/python -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"
app=dist/Gyeongcheong.app
dmg="dist/Gyeongcheong-$version.dmg"
echo "Gyeongcheong $version"

started=$(date +%s)
rm -rf "$app" dist/Gyeongcheong "$dmg"
.venv/bin/python -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller installer/gyeongcheong.spec
[ -d "$app" ] || { echo "PyInstaller made no $app" >&2; exit 1; }

# The version and the keys the spec put into Info.plist, checked rather than trusted.
plist="$app/Contents/Info.plist"
for key in CFBundleIdentifier CFBundleShortVersionString NSHighResolutionCapable; do
  printf '%s: %s\n' "$key" "$(/usr/libexec/PlistBuddy -c "Print :$key" "$plist")"
done

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  echo "Signing with $CODESIGN_IDENTITY"
  codesign --force --deep --timestamp --options runtime \
    --entitlements installer/macos/entitlements.plist \
    --sign "$CODESIGN_IDENTITY" "$app"
  codesign --verify --deep --strict --verbose=2 "$app"
else
  echo "No CODESIGN_IDENTITY: the app and the image stay unsigned"
fi

# The image: the app and a link to /Applications to drag it onto.
staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
cp -R "$app" "$staging/"
ln -s /Applications "$staging/Applications"
hdiutil create -volname "경청 Gyeongcheong $version" -srcfolder "$staging" \
  -fs HFS+ -format UDZO -ov "$dmg"

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  codesign --force --timestamp --sign "$CODESIGN_IDENTITY" "$dmg"
  if [ -n "${NOTARY_PROFILE:-}" ]; then
    xcrun notarytool submit "$dmg" --keychain-profile "$NOTARY_PROFILE" --wait
    xcrun stapler staple "$dmg"
  else
    echo "No NOTARY_PROFILE: the image is signed but not notarised"
  fi
fi

took=$(( $(date +%s) - started ))
echo "app $app: $(du -sh "$app" | cut -f1); image $dmg: $(du -h "$dmg" | cut -f1); built in ${took} s"
