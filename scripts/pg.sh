# Starts a throwaway PostgreSQL cluster on a free loopback port and exports
# ORION_TEST_PG_URL; the cluster is stopped and deleted when the calling shell exits.
# Source it: `source scripts/pg.sh`. Fails (never skips) when PostgreSQL cannot start.

orion_pg_bin() {
  local initdb_path
  if initdb_path=$(command -v initdb 2>/dev/null); then
    dirname "$(readlink -f "$initdb_path")"
    return
  fi
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return; }
  done
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "pg.sh: installing PostgreSQL from Debian packages" >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    for d in /usr/lib/postgresql/*/bin; do
      [ -x "$d/initdb" ] && { echo "$d"; return; }
    done
  fi
  echo "pg.sh: PostgreSQL server programs (initdb, pg_ctl) not found" >&2
  return 1
}

orion_pg_start() {
  local bin port dir runas=()
  bin=$(orion_pg_bin) || return 1
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  dir=$(mktemp -d /tmp/orion-pg.XXXXXX)
  if [ "$(id -u)" = 0 ]; then
    # initdb refuses to run as root: use the postgres system user (created if missing).
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$dir"
    runas=(runuser -u postgres --)
  fi
  "${runas[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; echo "pg.sh: initdb failed" >&2; return 1; }
  "${runas[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" \
    >/dev/null || { cat "$dir/server.log" >&2; echo "pg.sh: PostgreSQL did not start" >&2; return 1; }
  export ORION_TEST_PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
  ORION_PG_DIR="$dir"
  ORION_PG_STOP=("${runas[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop)
  trap orion_pg_stop EXIT
  echo "pg.sh: PostgreSQL running at 127.0.0.1:$port" >&2
}

orion_pg_stop() {
  [ -n "${ORION_PG_DIR:-}" ] || return 0
  # A crashed backend resets every connection: say why, since the log goes with the cluster.
  if grep -qE 'PANIC|terminated by signal|No space left' "$ORION_PG_DIR/server.log" 2>/dev/null; then
    echo "pg.sh: the PostgreSQL server log reports trouble:" >&2
    grep -E 'PANIC|FATAL|terminated by signal|No space left' "$ORION_PG_DIR/server.log" | tail -20 >&2
    df -h "$ORION_PG_DIR" >&2 || true
  fi
  "${ORION_PG_STOP[@]}" >/dev/null 2>&1 || true
  rm -rf "$ORION_PG_DIR"
  ORION_PG_DIR=
}

orion_pg_start
