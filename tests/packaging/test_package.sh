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
         ./usr/share/icons/hicolor/256x256/apps/tcplab.png ./usr/share/man/man1/tcplab.1.gz \
         ./usr/share/man/man5/tcplab-scenario.5.gz ./usr/share/tcplab/tcplab-scenario.schema.json \
         ./usr/libexec/tcplab/tcplab-capture ./usr/sbin/tcplab-allow-capture \
         ./usr/libexec/tcplab/tcplab-net ./usr/share/tcplab/apparmor/tcplab-net \
         ./usr/share/man/man8/tcplab-allow-capture.8.gz ./usr/share/doc/tcplab/copyright \
         ./usr/share/doc/tcplab/changelog.gz; do
    grep -qx -- "$f" <<< "$list" || { echo "FAIL: $f is not in the package"; exit 1; }
done
depends=$(dpkg-deb -f "$deb" Depends)
for d in libqt6widgets6 libpcap0.8 fonts-noto-cjk libcap2-bin; do
    grep -q "$d" <<< "$depends" || { echo "FAIL: Depends lacks $d: $depends"; exit 1; }
done
[ "$(dpkg-deb -f "$deb" Section)" = education ] || { echo "FAIL: section"; exit 1; }

dpkg-deb -x "$deb" "$out/root"
desktop-file-validate "$out/root/usr/share/applications/io.github.tcplab.TcpLab.desktop"
appstreamcli validate --no-net "$out/root/usr/share/metainfo/io.github.tcplab.TcpLab.metainfo.xml" > "$out/as.log" 2>&1 || {
    cat "$out/as.log"; echo "FAIL: appstreamcli"; exit 1; }

# Debian policy, as lintian checks it: no errors (stripped binaries, compressed manual pages, a
# copyright file and a changelog, a description that does not repeat its synopsis).
if command -v lintian > /dev/null; then
    lintian --tag-display-limit 0 "$deb" > "$out/lintian.log" 2>&1 || true
    if grep -q '^E:' "$out/lintian.log"; then
        cat "$out/lintian.log"; echo "FAIL: lintian reports errors"; exit 1
    fi
    grep '^W:' "$out/lintian.log" || true
elif [ "${CI:-}" = true ]; then
    echo "FAIL: lintian is not installed"; exit 1
fi
for bin in usr/bin/tcplab usr/libexec/tcplab/tcplab-capture usr/libexec/tcplab/tcplab-net; do
    file -b "$out/root/$bin" | grep -q ', stripped' || { echo "FAIL: $bin is not stripped"; exit 1; }
done
zcat "$out/root/usr/share/man/man1/tcplab.1.gz" | grep -q '^\.TH TCPLAB 1' || { echo "FAIL: man page"; exit 1; }
zcat "$out/root/usr/share/man/man5/tcplab-scenario.5.gz" | grep -q '^\.TH TCPLAB-SCENARIO 5' \
    || { echo "FAIL: the experiment format's man page"; exit 1; }
# The AppStream screenshot is a file of this source tree (the metainfo names it by its address
# in the repository).
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
for url in $(grep -o '<image>[^<]*</image>' "$src/packaging/io.github.tcplab.TcpLab.metainfo.xml" \
             | sed 's/<[^>]*>//g'); do
    file="$src/${url#https://raw.githubusercontent.com/tcplab/tcplab/main/}"
    [ -f "$file" ] || { echo "FAIL: the AppStream screenshot $url is not in the tree"; exit 1; }
    file -b "$file" | grep -q 'PNG image data' || { echo "FAIL: $file is not a PNG"; exit 1; }
done

# The packaged binary itself.
"$out/root/usr/bin/tcplab" --version | grep -q '^tcplab 0\.' || { echo "FAIL: --version"; exit 1; }
"$out/root/usr/bin/tcplab" run seed --capture off --quiet --json "$out/s.json" > /dev/null
grep -q '"format": "tcplab-session/2"' "$out/s.json" || { echo "FAIL: run seed --json"; exit 1; }

# Every packaged binary is hardened as dpkg-buildflags asks (hardening=+all): a position-
# independent executable, full RELRO with immediate binding, a stack protector, and (where the
# program calls any) fortified string and memory calls. The helper that may hold CAP_NET_RAW first.
check_hardened() {
    local bin="$1" name
    name=$(basename "$bin")
    readelf -h "$bin" | grep 'DYN (Position-Independent Executable' > /dev/null || { echo "FAIL: $name is not PIE"; exit 1; }
    readelf -d "$bin" | grep 'BIND_NOW' > /dev/null || { echo "FAIL: $name without BIND_NOW"; exit 1; }
    readelf -lW "$bin" | grep 'GNU_RELRO' > /dev/null || { echo "FAIL: $name without RELRO"; exit 1; }
    nm -D "$bin" | grep '__stack_chk_fail' > /dev/null || { echo "FAIL: $name without a stack protector"; exit 1; }
}
for bin in "$out/root/usr/libexec/tcplab/tcplab-capture" "$out/root/usr/libexec/tcplab/tcplab-net" \
           "$out/root/usr/bin/tcplab"; do
    check_hardened "$bin"
done
for bin in "$out/root/usr/libexec/tcplab/tcplab-capture" "$out/root/usr/bin/tcplab"; do
    nm -D "$bin" | grep '_chk@' > /dev/null || { echo "FAIL: $(basename "$bin") without _FORTIFY_SOURCE"; exit 1; }
done
# The packaged binary finds its keeper in libexec and runs on the lab network.
"$out/root/usr/bin/tcplab" run lost-fin --quiet --json "$out/lab.json" > /dev/null || {
    echo "FAIL: run lost-fin on the lab network"; exit 1; }
grep -q '"fate": "dropped"' "$out/lab.json" || { echo "FAIL: no dropped segment on the lab network"; exit 1; }

# Live capture for an ordinary user (nobody) through the installed helper: off after
# installation, on after tcplab-allow-capture, kept across an upgrade, off again with --off.
test_allow_capture() {
    local helper=/usr/libexec/tcplab/tcplab-capture
    [ -z "$(getcap "$helper")" ] || { echo "FAIL: the package enabled capture by itself"; exit 1; }
    /usr/sbin/tcplab-allow-capture --status | grep -q 'Live capture is off'
    chmod 0777 "$out"
    as_nobody() { setpriv --reuid=nobody --regid=nogroup --inh-caps=-all "$@"; }
    capture_of() { grep -o '"capture": "[a-z]*"' "$1"; }
    # The lab network needs no helper and no group: live for nobody, out of the box.
    as_nobody --clear-groups /usr/bin/tcplab run seed --capture live --json "$out/lab1.json" > /dev/null || {
        echo "FAIL: nobody could not capture on the lab network"; exit 1; }
    capture_of "$out/lab1.json" | grep -q live || { echo "FAIL: lab network not live for nobody"; exit 1; }
    # The helper is for loopback and this computer's interfaces.
    as_nobody --clear-groups /usr/bin/tcplab run seed --network loopback --json "$out/n1.json" > "$out/n1.txt"
    capture_of "$out/n1.json" | grep -q modelled || { echo "FAIL: not modelled before allowing"; exit 1; }
    grep -q 'sudo tcplab-allow-capture nobody' "$out/n1.txt" || {
        cat "$out/n1.txt"; echo "FAIL: no hint how to allow capture"; exit 1; }

    /usr/sbin/tcplab-allow-capture nobody
    [ "$(stat -c '%U:%G %a' "$helper")" = "root:tcplab-capture 750" ] || { echo "FAIL: helper owner/mode"; exit 1; }
    DEBIAN_FRONTEND=noninteractive dpkg -i "$deb" > /dev/null # an upgrade keeps the choice
    getcap "$helper" | grep -q cap_net_raw || { echo "FAIL: capability lost on upgrade"; exit 1; }
    local gid
    gid=$(getent group tcplab-capture | cut -d: -f3)
    as_nobody --groups="$gid" /usr/bin/tcplab run seed --network loopback --capture live --json "$out/n2.json" > "$out/n2.txt" || {
        cat "$out/n2.txt"; echo "FAIL: allowed user could not capture"; exit 1; }
    capture_of "$out/n2.json" | grep -q live || { echo "FAIL: not live"; exit 1; }
    [ "$(grep -c '"source": "live"' "$out/n2.json")" -eq 10 ] || { echo "FAIL: not 10 live segments"; exit 1; }
    # Outside the group the helper does not even run.
    as_nobody --clear-groups /usr/bin/tcplab run seed --network loopback --json "$out/n3.json" > /dev/null
    capture_of "$out/n3.json" | grep -q modelled || { echo "FAIL: a user outside the group captured"; exit 1; }

    /usr/sbin/tcplab-allow-capture --off > /dev/null
    gpasswd -d nobody tcplab-capture > /dev/null
    [ -z "$(getcap "$helper")" ] || { echo "FAIL: --off kept the capability"; exit 1; }
    as_nobody --groups="$gid" /usr/bin/tcplab run seed --network loopback --json "$out/n4.json" > /dev/null
    capture_of "$out/n4.json" | grep -q modelled || { echo "FAIL: captured after --off"; exit 1; }
    echo "capture helper: off by default, on for an allowed user, kept on upgrade, off again"

    # Purge takes away what installing and tcplab-allow-capture added, and says what it keeps.
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -q tcplab > "$out/purge.log" 2>&1 || {
        cat "$out/purge.log"; echo "FAIL: apt-get purge"; exit 1; }
    for gone in /usr/bin/tcplab /usr/libexec/tcplab /usr/share/doc/tcplab /etc/apparmor.d/tcplab-net; do
        [ ! -e "$gone" ] || { echo "FAIL: $gone is left after purge"; exit 1; }
    done
    ! dpkg-statoverride --list "$helper" > /dev/null 2>&1 || { echo "FAIL: statoverride left"; exit 1; }
    grep -q 'delgroup tcplab-capture' "$out/purge.log" || {
        cat "$out/purge.log"; echo "FAIL: purge did not say why the group stays"; exit 1; }
    echo "purged: nothing of the package left; the group tcplab-capture kept, as said"
}

if [ "${CI:-}" = true ] && [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb" > "$out/apt.log" 2>&1 || {
        cat "$out/apt.log"; echo "FAIL: apt-get install"; exit 1; }
    /usr/bin/tcplab --version
    /usr/bin/tcplab run seed --json "$out/installed.json" --quiet > /dev/null
        grep -q '"scenario": "seed"' "$out/installed.json"
    echo "installed from the .deb and ran /usr/bin/tcplab"
    test_allow_capture

fi
echo "1 passed, 0 failed"
