#!/usr/bin/env bash
# The scale story (README "Speed"): 100 million events as partitioned Parquet, summarised
# by the DuckDB and Spark SQL recipes, then roi on the summaries. Uses the recipe test's
# environment (tests/recipes/env.sh: duckdb, pyspark, a Java runtime from Debian), installed
# when missing. Takes minutes and a few GB of disk; not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/recipes/env.sh
exec "$venv/bin/python" bench/scale.py "$@"
