#!/usr/bin/env bash
# Set up TCP Lab (missing packages, build) and run the whole test suite with CTest.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Tests also need a C compiler for the plain BSD-sockets peers (in the base list) and
# tcpdump/xvfb for checking captures and windows by hand.
"$here/scripts/setup.sh" xvfb xauth tcpdump
cd "$here"
exec ctest --preset default -j "$(nproc)"
