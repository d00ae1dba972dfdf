#!/usr/bin/env bash
# The packages build, hold what a desktop app needs, pass the validators, and the packaged
# binary runs. Under CI (as root) the .deb is also installed with apt and run from /usr/bin.
# Usage: test_package.sh BUILD_DIR
set -euo pipefail
build="$1"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

cpack --config "$build/CPackConfig.cmake" -B "$out" -G "DEB;TGZ" > "$out/cpack.log" 2>&1 || {
    cat "$out/cpack.log"; echo "FAIL: cpack"; exit 1; }
deb=$(ls "$out"/tcplab_*.deb)
ls "$out"/tcplab-*.tar.gz > /dev/null

list=$(dpkg-deb -c "$deb" | awk '{print $6}')
for f in ./usr/bin/tcplab ./usr/share/applications/io.github.tcplab.TcpLab.desktop \
         ./usr/share/metainfo/io.github.tcplab.TcpLab.metainfo.xml \
         ./usr/share/icons/hicolor/scalable/apps/tcplab.svg ./usr/share/icons/hicolor/16x16/apps/tcplab.png \
         ./usr/share/icons/hicolor/256x256/apps/tcplab.png ./usr/share/man/man1/tcplab.1; do
    grep -qx -- "$f" <<< "$list" || { echo "FAIL: $f is not in the package"; exit 1; }
done
depends=$(dpkg-deb -f "$deb" Depends)
for d in libqt6widgets6 libpcap0.8 fonts-noto-cjk; do
    grep -q "$d" <<< "$depends" || { echo "FAIL: Depends lacks $d: $depends"; exit 1; }
done
[ "$(dpkg-deb -f "$deb" Section)" = education ] || { echo "FAIL: section"; exit 1; }

dpkg-deb -x "$deb" "$out/root"
desktop-file-validate "$out/root/usr/share/applications/io.github.tcplab.TcpLab.desktop"
appstreamcli validate --no-net "$out/root/usr/share/metainfo/io.github.tcplab.TcpLab.metainfo.xml" > "$out/as.log" 2>&1 || {
    cat "$out/as.log"; echo "FAIL: appstreamcli"; exit 1; }

# The packaged binary itself.
"$out/root/usr/bin/tcplab" --version | grep -q '^tcplab 0\.' || { echo "FAIL: --version"; exit 1; }
"$out/root/usr/bin/tcplab" run seed --capture off --quiet --json "$out/s.json" > /dev/null
grep -q '"format": "tcplab-session/1"' "$out/s.json" || { echo "FAIL: run seed --json"; exit 1; }

if [ "${CI:-}" = true ] && [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb" > "$out/apt.log" 2>&1 || {
        cat "$out/apt.log"; echo "FAIL: apt-get install"; exit 1; }
    /usr/bin/tcplab --version
    /usr/bin/tcplab run seed --json "$out/installed.json" --quiet > /dev/null
    grep -q '"scenario": "seed"' "$out/installed.json"
    echo "installed from the .deb and ran /usr/bin/tcplab"
fi
echo "1 passed, 0 failed"
