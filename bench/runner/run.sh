#!/usr/bin/env bash
# Runner benchmark on PostgreSQL: `wayback up` and `wayback down` of 500
# generated migrations against the floor measured in the same run — psql
# applying the same files in one session, one transaction per file — and
# dbmate side by side when it is installed (npm package `dbmate`).
# Prints the median of REPS runs of each and the ratios. Goals: up ≤ 1.2×,
# down of all 500 ≤ 1.5×, peak RSS ≤ 30 MiB.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${WAYBACK_TEST_PG_URL:?run under scripts/with-postgres.sh}"
REPS=${REPS:-3}
N=${N:-500}
wayback=$PWD/build/wayback
work=$(mktemp -d /tmp/wayback-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
bench/runner/generate.sh "$work" "$N"

admin=$WAYBACK_TEST_PG_URL
db_url() { echo "${admin%/*}/$1"; }
psql_admin() { psql -X -q -v ON_ERROR_STOP=1 "$admin" -c "$1" >/dev/null; }
now_ns() { date +%s%N; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# The floor's scripts: one session, BEGIN/COMMIT around each file.
: > "$work/floor_up.sql"; : > "$work/floor_down.sql"
for f in $(ls "$work/migrations"/*.up.sql | sort); do
  printf 'BEGIN;\n\\i %s\nCOMMIT;\n' "$f" >> "$work/floor_up.sql"
done
for f in $(ls "$work/migrations"/*.down.sql | sort -r); do
  printf 'BEGIN;\n\\i %s\nCOMMIT;\n' "$f" >> "$work/floor_down.sql"
done

if ! command -v dbmate >/dev/null 2>&1; then
  npm install -g --silent dbmate >/dev/null 2>&1 || true
fi
have_dbmate=$(command -v dbmate >/dev/null 2>&1 && echo 1 || echo "")

floor_up=(); floor_down=(); wb_up=(); wb_down=(); db_up=(); db_down=(); rss=()
for ((r = 1; r <= REPS; r++)); do
  for who in floor wayback dbmate; do
    [ "$who" = dbmate ] && [ -z "$have_dbmate" ] && continue
    name="bench_${who}_$r"
    psql_admin "DROP DATABASE IF EXISTS $name"
    psql_admin "CREATE DATABASE $name"
    url=$(db_url "$name")
    case $who in
      floor)
        t0=$(now_ns); psql -X -q -v ON_ERROR_STOP=1 "$url" -f "$work/floor_up.sql" >/dev/null; t1=$(now_ns)
        psql -X -q -v ON_ERROR_STOP=1 "$url" -f "$work/floor_down.sql" >/dev/null; t2=$(now_ns)
        floor_up+=($(( (t1 - t0) / 1000000 ))); floor_down+=($(( (t2 - t1) / 1000000 ))) ;;
      wayback)
        t0=$(now_ns)
        /usr/bin/time -f '%M' -o "$work/rss_up" "$wayback" --database "$url" --migrations "$work/migrations" up >/dev/null
        t1=$(now_ns)
        /usr/bin/time -f '%M' -o "$work/rss_down" "$wayback" --database "$url" --migrations "$work/migrations" down --to 0 >/dev/null
        t2=$(now_ns)
        wb_up+=($(( (t1 - t0) / 1000000 ))); wb_down+=($(( (t2 - t1) / 1000000 )))
        rss+=($(cat "$work/rss_up") $(cat "$work/rss_down")) ;;
      dbmate)
        export DATABASE_URL="$url?sslmode=disable"
        t0=$(now_ns); dbmate --no-dump-schema -d "$work/dbmate" up >/dev/null; t1=$(now_ns)
        for ((k = 0; k < N; k++)); do dbmate --no-dump-schema -d "$work/dbmate" rollback >/dev/null; done
        t2=$(now_ns)
        db_up+=($(( (t1 - t0) / 1000000 ))); db_down+=($(( (t2 - t1) / 1000000 ))) ;;
    esac
    psql_admin "DROP DATABASE $name"
  done
done

fu=$(median "${floor_up[@]}"); fd=$(median "${floor_down[@]}")
wu=$(median "${wb_up[@]}"); wd=$(median "${wb_down[@]}")
peak=$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / (b > 0 ? b : 1) }'; }
echo "runner benchmark: $N migrations, median of $REPS runs, PostgreSQL on loopback"
printf '  %-28s %8s ms\n' "floor up (psql, 1 session)" "$fu" "floor down (psql)" "$fd"
printf '  %-28s %8s ms   %s× floor (goal ≤ 1.2×)\n' "wayback up" "$wu" "$(ratio "$wu" "$fu")"
printf '  %-28s %8s ms   %s× floor (goal ≤ 1.5×)\n' "wayback down --to 0" "$wd" "$(ratio "$wd" "$fd")"
printf '  %-28s %8s MiB (goal ≤ 30 MiB)\n' "wayback peak RSS" "$(awk -v k="$peak" 'BEGIN { printf "%.1f", k / 1024 }')"
if [ -n "$have_dbmate" ]; then
  du=$(median "${db_up[@]}"); dd=$(median "${db_down[@]}")
  printf '  %-28s %8s ms   %s× floor\n' "dbmate up" "$du" "$(ratio "$du" "$fu")"
  printf '  %-28s %8s ms   %s× floor\n' "dbmate rollback ×$N" "$dd" "$(ratio "$dd" "$fd")"
else
  echo "  dbmate: not installed (npm install -g dbmate) — peer skipped"
fi
