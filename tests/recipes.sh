#!/usr/bin/env bash
# The SQL recipes on the real engines: the samples' raw rows summarised by the DuckDB recipe
# (the duckdb package), by the Spark SQL recipe (PySpark in local mode, on a Java runtime
# from Debian) and by the PostgreSQL recipe (a private server from Debian's postgresql,
# started here on a Unix socket and removed at exit), with and without --by; roi on each
# summary must give the business case of the raw rows, money to the cent, statistics to
# 1e-9. Installs what is missing: a Java runtime and PostgreSQL from Debian, duckdb and
# pyspark from PyPI into tests/recipes/.venv. `tests/recipes.sh postgres` runs one engine.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/recipes/env.sh
. tests/recipes/postgres.sh
"$venv/bin/python" tests/recipes/check.py "$@"
