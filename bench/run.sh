#!/usr/bin/env bash
# The benchmark (README, "Speed"): builds roi, the generator and the raw baseline parser,
# installs polars and DuckDB from PyPI into bench/.venv when they are missing, generates the
# files into target/bench (kept for the next run) and runs bench.py, which checks that every
# tool computes the same statistics and prints the table.
#   bench/run.sh                 # every scenario, 5 rounds (about 30 minutes, 6 GB of files)
#   bench/run.sh long-1M samples # some scenarios
#   bench/run.sh --smoke         # small files, one round: that it all works (CI)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin roi --examples
venv=bench/.venv
if ! "$venv/bin/python" -c 'import polars, duckdb, fastexcel' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r bench/requirements.txt
fi
exec "$venv/bin/python" bench/bench.py "$@"
