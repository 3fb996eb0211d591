#!/usr/bin/env bash
# The SQL recipes on the real engines: the samples' raw rows summarised by the DuckDB recipe
# (the duckdb package) and by the Spark SQL recipe (PySpark in local mode, on a Java runtime
# from Debian), with and without --by; roi on each summary must give the business case of
# the raw rows, money to the cent, statistics to 1e-9. Installs what is missing: a Java
# runtime from Debian, duckdb and pyspark from PyPI into tests/recipes/.venv.
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
# Spark in local mode on this machine only, and quiet.
export SPARK_LOCAL_IP=127.0.0.1
exec "$venv/bin/python" tests/recipes/check.py
