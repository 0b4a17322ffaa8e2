#!/usr/bin/env bash
# Installs the Debian packages the app and its tests need, when they are missing.
# Quiet and quick when everything is there; as a normal user it only says what is missing.
set -euo pipefail

packages=(
  # Qt (PySide6) on a headless machine: offscreen and xcb platforms, fonts, GL
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-xfixes0 libxcb-xkb1 libnss3
  # looking at what we print, and a real window under a virtual screen
  poppler-utils xvfb
  # the shared database, tested for real
  postgresql
  # Korean fonts for the system (the app bundles its own NanumGothic)
  fonts-nanum
  # PyInstaller reads and strips the libraries of the app bundle (installer/build_linux.sh)
  binutils
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # --no-upgrade: never upgrade half the system in the middle of a run
  apt-get install -y -qq --no-upgrade --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing system packages (install them with your package manager): ${missing[*]}" >&2
fi
