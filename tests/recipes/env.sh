# Sourced by tests/recipes.sh and bench/scale.sh from the repository's root: a Java runtime
# from Debian and duckdb and pyspark from PyPI into tests/recipes/.venv when missing, roi
# built, Spark kept to this machine. Sets $venv.
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
