#!/usr/bin/env bash
# Set up TCP Lab (missing packages, build) and run the whole test suite with CTest, then the
# sanitizer half: the tests that parse outside input and the window test, built with clang under
# AddressSanitizer and UBSan (the "asan" preset), and every fuzz target for 10 seconds.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Tests also need a C compiler for the plain BSD-sockets peers (in the base list) and
# tcpdump, poppler-utils and librsvg2-bin, which the tests use to check what the lab writes
# (lintian and file check the package);
# libcap2-bin (setcap) gives the capture helper its capability in the helper's tests; clang
# and its runtime libraries (libFuzzer, the sanitizers) build the asan preset; python3-jsonschema
# validates the shipped experiments against their JSON Schema.
"$here/scripts/setup.sh" xvfb xauth tcpdump poppler-utils librsvg2-bin dpkg-dev desktop-file-utils lintian file \
    appstream libcap2-bin iproute2 util-linux clang libclang-rt-14-dev python3-jsonschema
cd "$here"
# The sanitized build compiles meanwhile, niced: the suite mostly waits on the network and
# timers, and gets the processors whenever it wants them.
asan_targets=(tst_framedecoder tst_capturefile tst_session tst_capturehelper tst_mainwindow tst_cli
              tcplab tcplab-capture peer_server peer_client peer_toggle
              fuzz_framedecoder fuzz_capturefile fuzz_session fuzz_scenario fuzz_helperframes)
mkdir -p build-asan
( [ -f build-asan/CMakeCache.txt ] || cmake --preset asan > build-asan/configure.log 2>&1
  nice -n 19 cmake --build build-asan -j "$(nproc)" --target "${asan_targets[@]}" ) \
    > build-asan/build.log 2>&1 &
asan_build=$!
suite=0
ctest --preset default -j "$(nproc)" || suite=$?
if ! wait "$asan_build"; then
    tail -50 build-asan/build.log; echo "FAIL: the asan build"; exit 1
fi
[ "$suite" -eq 0 ] || exit "$suite"
ctest --preset asan -j "$(nproc)" \
    -R '^(tst_framedecoder|tst_capturefile|tst_session|tst_capturehelper|tst_mainwindow|tst_cli)$'
exec "$here/scripts/fuzz.sh" 8
