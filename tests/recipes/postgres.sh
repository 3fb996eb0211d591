# Sourced by tests/recipes.sh from the repository's root: a private PostgreSQL server for the
# recipe check. Installs Debian's postgresql package when missing (as root, as CI runs;
# without its default cluster), creates a throw-away cluster in a temporary folder and starts
# it on a Unix socket there, no TCP. initdb refuses to run as root, so as root the server
# runs as the package's postgres user. The server is stopped and its folder removed when the
# calling shell exits. Exports PGHOST, PGPORT, PGUSER, PGDATABASE and PGCLIENTENCODING for
# psql, and ROI_PSQL, the psql to run.

# The newest server Debian installed, else one on PATH.
pg_bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$found" ] && [ -x "$found/initdb" ]; then
    echo "$found"
  elif command -v initdb >/dev/null; then
    dirname "$(readlink -f "$(command -v initdb)")"
  fi
}

pg_dir=$(pg_bin)
if [ -z "$pg_dir" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "tests/recipes.sh: PostgreSQL is not installed; as root, apt-get install postgresql" \
      "(or run this script as root, which installs it)" >&2
    exit 1
  fi
  apt-get update -qq
  # postgresql-common first, told not to create and start the package's own cluster "main"
  # (a server on port 5432 that would outlive this test), then the server itself.
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends postgresql-common >/dev/null
  sed -ri 's/^#?\s*create_main_cluster\s*=.*/create_main_cluster = false/' \
    /etc/postgresql-common/createcluster.conf
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  pg_dir=$(pg_bin)
fi
for tool in initdb pg_ctl psql; do
  if [ ! -x "$pg_dir/$tool" ]; then
    echo "tests/recipes.sh: $pg_dir/$tool is missing" >&2
    exit 1
  fi
done
export ROI_PSQL="$pg_dir/psql"

pg_home=$(mktemp -d)
pg_as=()
if [ "$(id -u)" = 0 ]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "tests/recipes.sh: running as root, and there is no postgres user to run the server as" >&2
    exit 1
  fi
  pg_as=(runuser -u postgres --)
  # The server's user must reach its folders; everything else stays root's.
  chmod 711 "$pg_home"
fi
mkdir "$pg_home/data" "$pg_home/socket"
[ ${#pg_as[@]} = 0 ] || chown postgres "$pg_home/data" "$pg_home/socket"

pg_stop() {
  if [ -f "$pg_home/data/postmaster.pid" ]; then
    "${pg_as[@]}" "$pg_dir/pg_ctl" -D "$pg_home/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$pg_home"
}
trap pg_stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A UTF-8 database with the C collation, whatever the machine's locale; trust on the socket
# (only this user and the server's can reach its folder).
"${pg_as[@]}" "$pg_dir/initdb" -D "$pg_home/data" -U roi -A trust -E UTF8 --locale=C --no-sync \
  >"$pg_home/initdb.log" 2>&1 || {
  cat "$pg_home/initdb.log" >&2
  exit 1
}
if ! "${pg_as[@]}" "$pg_dir/pg_ctl" -D "$pg_home/data" -l "$pg_home/socket/server.log" -w \
  -o "-p 5432 -c listen_addresses='' -k $pg_home/socket -c fsync=off" start >/dev/null; then
  cat "$pg_home/socket/server.log" >&2
  exit 1
fi
export PGHOST="$pg_home/socket" PGPORT=5432 PGUSER=roi PGDATABASE=postgres PGCLIENTENCODING=UTF8
