#!/usr/bin/env bash
# Verify benchmark on PostgreSQL: `wayback verify` of the runner benchmark's
# generated migrations (bench/runner/generate.sh) against the floor measured in
# the same run — psql doing up → down → up per migration in one session, one
# transaction per script, checking nothing. Prints the median of REPS runs of
# each and the ratio. Goal: ≤ 2.5× the floor.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${WAYBACK_TEST_PG_URL:?run under scripts/with-postgres.sh}"
REPS=${REPS:-3}
N=${N:-500}
wayback=${WAYBACK_BIN:-$PWD/build/wayback}
work=$(mktemp -d /tmp/wayback-verify-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
bench/runner/generate.sh "$work" "$N" >/dev/null

admin=$WAYBACK_TEST_PG_URL
db_url() { echo "${admin%/*}/$1"; }
psql_admin() { psql -X -q -v ON_ERROR_STOP=1 "$admin" -c "$1" >/dev/null; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

: > "$work/floor.sql"
for up in $(ls "$work/migrations"/*.up.sql | sort); do
  down=${up%.up.sql}.down.sql
  printf 'BEGIN;\n\\i %s\nCOMMIT;\nBEGIN;\n\\i %s\nCOMMIT;\nBEGIN;\n\\i %s\nCOMMIT;\n' "$up" "$down" "$up" \
    >> "$work/floor.sql"
done

floor=(); wb=()
for ((r = 1; r <= REPS; r++)); do
  name="bench_verify_floor_$r"
  psql_admin "DROP DATABASE IF EXISTS $name"; psql_admin "CREATE DATABASE $name"
  t0=$(now_ms); psql -X -q -v ON_ERROR_STOP=1 "$(db_url "$name")" -f "$work/floor.sql" >/dev/null; t1=$(now_ms)
  floor+=($((t1 - t0)))
  psql_admin "DROP DATABASE $name"

  name="bench_verify_wayback_$r"
  psql_admin "DROP DATABASE IF EXISTS $name"; psql_admin "CREATE DATABASE $name"
  t0=$(now_ms)
  "$wayback" --database "$(db_url "$name")" --migrations "$work/migrations" verify > "$work/verify.out" \
    || { tail -5 "$work/verify.out"; echo "verify failed" >&2; exit 1; }
  t1=$(now_ms)
  wb+=($((t1 - t0)))
  psql_admin "DROP DATABASE $name WITH (FORCE)"
done
f=$(median "${floor[@]}"); w=$(median "${wb[@]}")
echo "migrations:            $N (up → down → up each)"
echo "floor (psql):          ${f} ms"
echo "wayback verify:        ${w} ms   ($(tail -1 "$work/verify.out"))"
awk -v w="$w" -v f="$f" 'BEGIN { printf "ratio:                 %.2fx the floor (goal <= 2.5x)\n", w / f }'
