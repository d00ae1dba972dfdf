#!/usr/bin/env bash
# Shared by scripts/run.sh and scripts/test.sh: install the Debian 12 packages that are
# missing (and only those), then configure and build with the "default" CMake preset.
# Safe to run again and again: with everything in place it only rebuilds what changed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# What building and running need. Test-only extras are passed in by test.sh.
packages=(
    cmake ninja-build g++ gcc
    qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev
    qt6-translations-l10n libgl-dev libpcap-dev
    fonts-noto-cjk
)
packages+=("$@")

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done

if [ "${#missing[@]}" -gt 0 ]; then
    echo "tcplab setup: installing missing Debian packages: ${missing[*]}"
    if [ "$(id -u)" -eq 0 ]; then
        as_root=()
    elif command -v sudo >/dev/null 2>&1; then
        as_root=(sudo)
    else
        echo "tcplab setup: these packages are missing and this user cannot install them." >&2
        echo "Ask an administrator to run: apt-get install ${missing[*]}" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${as_root[@]}" apt-get update -q
    "${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

cd "$here"
if [ ! -f build/CMakeCache.txt ]; then
    cmake --preset default
fi
cmake --build --preset default -j "$(nproc)"
