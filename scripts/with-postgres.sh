#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL 15 server: initdb in a temp dir,
# loopback only, password authentication over TCP, removed on exit (also on
# failure and Ctrl-C). The command sees the server as:
#   WAYBACK_TEST_PG_URL  postgres://postgres:<password>@127.0.0.1:<port>/postgres
#   WAYBACK_REQUIRE_PG=1 (PostgreSQL tests fail instead of skipping when the URL is missing)
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
[ -x "$PGBIN/initdb" ] || { echo "with-postgres: no PostgreSQL 15 at $PGBIN (run scripts/setup.sh)" >&2; exit 2; }

dir=$(mktemp -d /tmp/wayback-pg.XXXXXX)
chmod 755 "$dir"
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" -eq 0 ] && chown postgres: "$dir"

cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

password="wb-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
echo "$password" > "$dir/pwfile"
[ "$(id -u)" -eq 0 ] && chown postgres: "$dir/pwfile"
as_pg "$PGBIN/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" \
  --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }

started=""
for _ in 1 2 3 4 5 6 7 8; do
  port=$(( 20000 + RANDOM % 20000 ))
  if as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
       -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
       start >/dev/null 2>&1; then
    started=1; break
  fi
done
[ -n "$started" ] || { echo "with-postgres: could not start PostgreSQL" >&2; cat "$dir/server.log" >&2 || true; exit 1; }

export WAYBACK_TEST_PG_URL="postgres://postgres:${password}@127.0.0.1:${port}/postgres"
export WAYBACK_TEST_PG_SOCKET_DIR="$dir" WAYBACK_TEST_PG_PORT="$port"
export WAYBACK_REQUIRE_PG=1
"$@"
