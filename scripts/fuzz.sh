#!/usr/bin/env bash
# Runs the libFuzzer targets under AddressSanitizer and UBSan, each for SECONDS (default 10),
# on seed corpora from the repository's test data; what they find stops the run and is left in
# build-asan/fuzz/<target>/ as crash-* files.
#   scripts/fuzz.sh            about a minute in all (what CI runs)
#   scripts/fuzz.sh 3600       an hour per target, for the long runs
#   TCPLAB_FUZZ_RUNS=1000000 scripts/fuzz.sh 86400   a million executions per target
# The asan preset is configured and built
# when needed (clang comes with scripts/test.sh's packages).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-10}"
cd "$here"
[ -f build-asan/CMakeCache.txt ] || cmake --preset asan > /dev/null
targets=(framedecoder capturefile session scenario helperframes)
cmake --build build-asan -j "$(nproc)" --target "${targets[@]/#/fuzz_}" > build-asan/fuzz-build.log 2>&1 || {
    cat build-asan/fuzz-build.log; exit 1; }
work=build-asan/fuzz
for t in "${targets[@]}"; do
    mkdir -p "$work/$t/corpus"
done
cp tests/fuzz/corpus/capture/* "$work/capturefile/corpus/"
cp tests/fuzz/corpus/capture/*.pcap "$work/framedecoder/corpus/"
cp tests/fuzz/corpus/helperframes/* "$work/helperframes/corpus/"
cp tests/data/*.json "$work/session/corpus/"
cp resources/scenarios/*.json tests/data/*.json "$work/scenario/corpus/"
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:symbolize=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export QT_QPA_PLATFORM=offscreen
status=0
for t in "${targets[@]}"; do
    log="$work/$t/run.log"
    if ! (cd "$work/$t" && "$here/build-asan/tests/fuzz/fuzz_$t" -max_total_time="$seconds" \
            -runs="${TCPLAB_FUZZ_RUNS:--1}" \
            -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 corpus \
            > run.log 2>&1); then
        echo "fuzz_$t FOUND SOMETHING:"; tail -40 "$log"; status=1; continue
    fi
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
    took=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | grep -o '[0-9]* second' || echo "${seconds} second")
    echo "fuzz_$t: $runs executions in ${took}s, $cov, corpus $(ls "$work/$t/corpus" | wc -l) inputs"
done
exit $status
