#!/usr/bin/env bash
# The scale story (README "Speed"): 100 million events as partitioned Parquet, summarised
# by the DuckDB and Spark SQL recipes, then roi on the summaries. Uses the recipe test's
# environment (tests/recipes/.venv: duckdb, pyspark), installed when missing, and a Java
# runtime from Debian. Takes minutes and a few GB of disk; not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v java >/dev/null; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends default-jre-headless >/dev/null
fi
venv=tests/recipes/.venv
if ! "$venv/bin/python" -c 'import duckdb, pyspark' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/recipes/requirements.txt
fi
cargo build --release -q
export SPARK_LOCAL_IP=127.0.0.1
exec "$venv/bin/python" bench/scale.py "$@"
