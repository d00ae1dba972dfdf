#!/usr/bin/env bash
# Set up TCP Lab (missing packages, build) and start it. Without a display it says so and
# runs the seed experiment headless instead, printing what happened.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/setup.sh"

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    exec "$here/build/tcplab" "$@"
fi
echo "No display found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the window cannot open."
echo "Running the seed experiment without a window instead: $here/build/tcplab run seed"
echo
exec "$here/build/tcplab" run seed "$@"
