#!/usr/bin/env bash
# CI's guard on the fuzz targets: builds the fuzz crate against the current library (installing
# cargo-fuzz when missing, as run.sh does) and runs every target for FUZZ_CI_SECONDS (default
# 60) from its tracked seeds, one target at a time. Fails if the crate does not build or a
# target crashes, times out or runs out of memory; then prints the target's log tail and each
# new artifact (base64, when small) so that the input can be reproduced from CI's output:
#
#   base64 -d > crash.bin    # paste
#   cd fuzz && cargo fuzz run -O -a -s none TARGET crash.bin
set -uo pipefail
cd "$(dirname "$0")"
SECS=${FUZZ_CI_SECONDS:-60}
start=$(date +%s)
stamp=$(mktemp)
trap 'rm -f "$stamp"' EXIT

FUZZ_JOBS=1 ./run.sh "$SECS"
rc=$?

if [[ $rc -ne 0 ]]; then
    for rcfile in logs/*.rc; do
        # Only this run's logs: a failed build leaves an earlier run's in place.
        [[ $rcfile -nt $stamp && $(cat "$rcfile") != 0 ]] || continue
        t=$(basename "$rcfile" .rc)
        echo
        echo "== fuzz/logs/$t.log (last 60 lines)"
        tail -n 60 "logs/$t.log"
    done
    find artifacts -type f -newer "$stamp" 2>/dev/null | sort | while read -r a; do
        echo
        size=$(stat -c %s "$a")
        if [[ $size -le 16384 ]]; then
            echo "== fuzz/$a ($size bytes, base64)"
            base64 "$a"
        else
            echo "== fuzz/$a ($size bytes, too large to print)"
        fi
    done
fi
echo "fuzz/ci.sh: $(($(date +%s) - start))s in all"
exit $rc
