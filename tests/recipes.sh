#!/usr/bin/env bash
# The SQL recipes on the real engines: the samples' raw rows summarised by the DuckDB recipe
# (the duckdb package) and by the Spark SQL recipe (PySpark in local mode, on a Java runtime
# from Debian), with and without --by; roi on each summary must give the business case of
# the raw rows, money to the cent, statistics to 1e-9. Installs what is missing: a Java
# runtime from Debian, duckdb and pyspark from PyPI into tests/recipes/.venv.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/recipes/env.sh
exec "$venv/bin/python" tests/recipes/check.py
