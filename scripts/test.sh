#!/usr/bin/env bash
# Set up TCP Lab (missing packages, build) and run the whole test suite with CTest.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Tests also need a C compiler for the plain BSD-sockets peers (in the base list) and
# tcpdump, poppler-utils and librsvg2-bin, which the tests use to check what the lab writes;
# libcap2-bin (setcap) gives the capture helper its capability in the helper's tests.
"$here/scripts/setup.sh" xvfb xauth tcpdump poppler-utils librsvg2-bin dpkg-dev desktop-file-utils \
    appstream libcap2-bin iproute2 util-linux
cd "$here"
exec ctest --preset default -j "$(nproc)"
