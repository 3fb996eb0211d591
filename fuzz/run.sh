#!/usr/bin/env bash
# Runs roi's fuzz targets with libFuzzer (cargo-fuzz) and summarizes them.
#
#   fuzz/run.sh SECONDS [TARGET...]
#
# Each TARGET (default: every target in fuzz/fuzz_targets) runs for SECONDS with
# -rss_limit_mb=2048 -timeout=10 and a per-target -max_len. FUZZ_JOBS=2 runs two targets at
# a time (one per core). Installs cargo-fuzz when missing; works on stable Rust through
# RUSTC_BOOTSTRAP=1 (cargo-fuzz passes -Z flags). Seeds (fuzz/seeds/TARGET, tracked) are
# copied into the working corpus (fuzz/corpus/TARGET, ignored); crashes, timeouts and OOMs
# land in fuzz/artifacts/TARGET, logs in fuzz/logs. Exits 1 if any target found one.
set -uo pipefail

usage() {
    echo "usage: $0 SECONDS [TARGET...]   (targets: reader roi_toml pipeline)" >&2
    exit 2
}
[[ $# -ge 1 && $1 =~ ^[0-9]+$ && $1 -gt 0 ]] || usage
SECONDS_PER_TARGET=$1
shift

cd "$(dirname "$0")"
FUZZ_DIR=$(pwd)

if [[ $# -gt 0 ]]; then
    TARGETS=("$@")
else
    TARGETS=()
    for f in fuzz_targets/*.rs; do
        TARGETS+=("$(basename "$f" .rs)")
    done
fi
for t in "${TARGETS[@]}"; do
    [[ -f fuzz_targets/$t.rs ]] || {
        echo "unknown target '$t'" >&2
        usage
    }
done

# Largest input per target: a CSV export can be large; roi.toml is small; the pipeline
# reads two files and renders every output, so it stays smaller to keep executions fast.
max_len() {
    case $1 in
    reader) echo 1048576 ;;
    roi_toml) echo 65536 ;;
    pipeline) echo 262144 ;;
    *) echo 1048576 ;;
    esac
}

export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz"
    # The version this script is tested with; a later one may need a newer toolchain.
    cargo install --locked --version 0.13.2 cargo-fuzz || cargo install cargo-fuzz || exit 1
fi

# roi has no unsafe code, so no sanitizer (twice the executions); debug assertions and
# overflow checks stay on so that arithmetic overflow is found as a panic.
BUILD_FLAGS=(-O -a -s none)
echo "== building ${TARGETS[*]}"
for t in "${TARGETS[@]}"; do
    cargo fuzz build "${BUILD_FLAGS[@]}" "$t" || exit 1
done
# The binaries are run directly, not through `cargo fuzz run`, so that an edit to roi's
# sources while fuzzing does not rebuild (and pause) a target half-way through.
BIN_DIR="$FUZZ_DIR/target/$(rustc -vV | sed -n 's/^host: //p')/release"
echo "== fuzzing roi at $(git -C .. rev-parse --short HEAD 2>/dev/null || echo '?')" \
    "($(git -C .. status --porcelain -- src 2>/dev/null | wc -l) file(s) under src/ changed since)"

mkdir -p logs
run_one() {
    local t=$1
    mkdir -p "corpus/$t" "artifacts/$t"
    cp -n "seeds/$t"/* "corpus/$t/" 2>/dev/null || true
    local log="logs/$t.log"
    echo "== $t: ${SECONDS_PER_TARGET}s, max_len $(max_len "$t"), log fuzz/$log"
    local start end
    start=$(date +%s)
    "$BIN_DIR/$t" \
        -artifact_prefix="artifacts/$t/" \
        -max_total_time="$SECONDS_PER_TARGET" \
        -rss_limit_mb=2048 \
        -timeout=10 \
        -max_len="$(max_len "$t")" \
        -print_final_stats=1 \
        "corpus/$t" \
        >"$log" 2>&1
    echo "$?" >"logs/$t.rc"
    end=$(date +%s)
    echo "$((end - start))" >"logs/$t.secs"
}

# Artifacts already there before this run are not this run's findings.
declare -A BEFORE
for t in "${TARGETS[@]}"; do
    BEFORE[$t]=$(ls "artifacts/$t" 2>/dev/null | sort | tr '\n' ' ')
done

JOBS=${FUZZ_JOBS:-1}
running=0
for t in "${TARGETS[@]}"; do
    run_one "$t" &
    running=$((running + 1))
    if [[ $running -ge $JOBS ]]; then
        wait -n
        running=$((running - 1))
    fi
done
wait

total_execs=0
total_secs=0
failed=0
echo
echo "== results (${SECONDS_PER_TARGET}s per target)"
printf '%-10s %14s %8s %10s  %s\n' target executions seconds execs/s result
for t in "${TARGETS[@]}"; do
    log="logs/$t.log"
    execs=$(grep -a 'stat::number_of_executed_units' "$log" | tail -1 | awk '{print $2}')
    if [[ -z $execs ]]; then
        # No final stats (e.g. killed): the last status line `#N ...`.
        execs=$(grep -aoE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
    fi
    execs=${execs:-0}
    secs=$(cat "logs/$t.secs" 2>/dev/null || echo 0)
    rc=$(cat "logs/$t.rc" 2>/dev/null || echo 1)
    new=()
    for a in $(ls "artifacts/$t" 2>/dev/null | sort); do
        [[ " ${BEFORE[$t]} " == *" $a "* ]] || new+=("fuzz/artifacts/$t/$a")
    done
    result=ok
    if grep -aq 'ERROR: libFuzzer: timeout' "$log"; then
        result=TIMEOUT
    elif grep -aqE 'ERROR: libFuzzer: (out-of-memory|malloc limit)' "$log"; then
        result=OOM
    elif grep -aqE 'ERROR: libFuzzer: deadly signal|panicked at' "$log"; then
        result=CRASH
    elif [[ $rc -ne 0 ]]; then
        result="FAILED (exit $rc)"
    fi
    if [[ $result != ok ]]; then
        failed=1
        panic=$(grep -a -m1 -A1 'panicked at' "$log" | tr '\n' ' ')
        [[ -n $panic ]] && result="$result: $panic"
    fi
    rate=0
    [[ $secs -gt 0 ]] && rate=$((execs / secs))
    printf '%-10s %14s %8s %10s  %s\n' "$t" "$execs" "$secs" "$rate" "$result"
    for a in "${new[@]}"; do
        echo "           artifact: $a  (reproduce: cd fuzz && cargo fuzz run ${BUILD_FLAGS[*]} $t ${a#fuzz/})"
    done
    total_execs=$((total_execs + execs))
    total_secs=$((total_secs + secs))
done
echo "total: $total_execs executions in ${total_secs}s of fuzzing across ${#TARGETS[@]} target(s)"
if [[ $failed -ne 0 ]]; then
    echo "FINDINGS: see above; minimize with: cargo fuzz tmin ${BUILD_FLAGS[*]} TARGET ARTIFACT"
    exit 1
fi
echo "no crash, timeout or OOM"
