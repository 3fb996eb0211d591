#!/usr/bin/env bash
# Benchmark: generate two long-layout exports of ROWS rows each (default 10 million, about
# 400 MB each), run `roi compute --format json` on them, and report rows per second and peak
# memory. Usage: bench/run.sh [ROWS] [DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-10000000}
dir=${2:-$(mktemp -d)}
cargo build --release --quiet --example gen_large --bin roi
if [ ! -f "$dir/today-$rows.csv" ]; then
  echo "generating 2 × $rows rows in $dir …"
  target/release/examples/gen_large "$rows" "$dir/today-$rows.csv" 0
  target/release/examples/gen_large "$rows" "$dir/after-$rows.csv" 200
fi
ls -l "$dir/today-$rows.csv" "$dir/after-$rows.csv"
timing="$dir/time.txt"
start=$(date +%s.%N)
if [ -x /usr/bin/time ]; then
  /usr/bin/time -v -o "$timing" target/release/roi compute "$dir/today-$rows.csv" "$dir/after-$rows.csv" \
    --format json --out "$dir/report" > /dev/null
else
  target/release/roi compute "$dir/today-$rows.csv" "$dir/after-$rows.csv" --format json --out "$dir/report" > /dev/null
fi
end=$(date +%s.%N)
secs=$(echo "$end - $start" | bc -l)
printf 'rows: %d (2 files)\nwall: %.2f s\nrows/s: %.0f\n' "$((rows * 2))" "$secs" "$(echo "$rows * 2 / $secs" | bc -l)"
if [ -f "$timing" ]; then
  kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$timing")
  printf 'peak memory: %d MiB (%.1f bytes per observation)\n' "$((kb / 1024))" "$(echo "$kb * 1024 / ($rows * 2)" | bc -l)"
fi
