#!/usr/bin/env bash
# The journal's cost on PostgreSQL, each pair measured in the same run on
# identical tables (docs/journal.md):
#   1. a tracked UPDATE of N rows (`wayback run`) against the same UPDATE untracked
#   2. untracked writes to a table with capture installed against one without
#      (and, for information, while a session run captures that table: its
#      row-level capture exists only then)
#   3. `wayback undo` of the N-row run against the original job
# Goals: ≤ 1.5×, ≤ 1.05×, ≤ 1.5×. N defaults to 1,000,000 (BENCH_ROWS).
# Needs WAYBACK_TEST_PG_URL (run under scripts/with-postgres.sh) and a built
# wayback (WAYBACK_BIN, default: build/wayback, what `make bench` builds).
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${WAYBACK_TEST_PG_URL:?run under scripts/with-postgres.sh}"
BIN=${WAYBACK_BIN:-$PWD/build/wayback}
[ -x "$BIN" ] || { echo "bench/journal: no wayback binary (build it first)" >&2; exit 2; }
N=${BENCH_ROWS:-1000000}
ADMIN=$WAYBACK_TEST_PG_URL
DB=${ADMIN%/*}/wb_bench_journal

psql -q "$ADMIN" -c "DROP DATABASE IF EXISTS wb_bench_journal" -c "CREATE DATABASE wb_bench_journal"
trap 'psql -q "$ADMIN" -c "DROP DATABASE IF EXISTS wb_bench_journal WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
sql() { psql -q -X -v ON_ERROR_STOP=1 "$DB" "$@"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

# Four identical tables: plain (never captured) and captured (capture
# installed, written untracked) for pair 2; untouched (never captured) and
# tracked (written by a tracked run) for pair 1, neither written before it, so
# that both UPDATEs of pair 1 meet the same pages: a table rewritten and
# vacuumed before has free space on its pages, where an UPDATE's new row
# versions go, while a freshly loaded one must be extended (measured: 15 % more
# CPU for the same UPDATE).
sql -c "CREATE TABLE plain (id integer PRIMARY KEY, a integer NOT NULL, b text NOT NULL, c timestamptz NOT NULL)" \
    -c "CREATE TABLE captured (LIKE plain INCLUDING ALL)" -c "CREATE TABLE tracked (LIKE plain INCLUDING ALL)" \
    -c "CREATE TABLE untouched (LIKE plain INCLUDING ALL)" \
    -c "INSERT INTO plain SELECT g, g % 100, md5(g::text), now() FROM generate_series(1, $N) g" \
    -c "INSERT INTO captured SELECT * FROM plain" -c "INSERT INTO tracked SELECT * FROM plain" \
    -c "INSERT INTO untouched SELECT * FROM plain"
"$BIN" --database "$DB" run -c "SELECT 1" --table captured --table tracked --label install >/dev/null
sql -c "VACUUM ANALYZE"

timed_sql() { local t0; t0=$(now_ms); sql -c "$1"; echo $(( $(now_ms) - t0 )); }

# 2. Untracked writes, alternating tables UNTRACKED_ROUNDS times (default 5);
# the best of each side. This pair does no per-row work on either side, so it
# shows the machine's noise most: more rounds than the others.
UNTRACKED_ROUNDS=${UNTRACKED_ROUNDS:-5}
best_plain=0; best_captured=0
for ((i = 1; i <= UNTRACKED_ROUNDS; i++)); do
  p=$(timed_sql "UPDATE plain SET a = a + 1")
  c=$(timed_sql "UPDATE captured SET a = a + 1")
  sql -c "VACUUM plain" -c "VACUUM captured"
  [ "$best_plain" -eq 0 ] || [ "$p" -lt "$best_plain" ] && best_plain=$p
  [ "$best_captured" -eq 0 ] || [ "$c" -lt "$best_captured" ] && best_captured=$c
  echo "  untracked UPDATE of $N rows: plain ${p} ms, captured ${c} ms"
done

# For information: the same while a session run (`run --start`) captures the
# table, which is when its row-level capture exists.
session=$("$BIN" --database "$DB" run --start --table captured --label bench-session 2>/dev/null | head -1)
best_plain_s=0; best_captured_s=0
for ((i = 1; i <= UNTRACKED_ROUNDS; i++)); do
  p=$(timed_sql "UPDATE plain SET a = a + 1")
  c=$(timed_sql "UPDATE captured SET a = a + 1")
  sql -c "VACUUM plain" -c "VACUUM captured"
  [ "$best_plain_s" -eq 0 ] || [ "$p" -lt "$best_plain_s" ] && best_plain_s=$p
  [ "$best_captured_s" -eq 0 ] || [ "$c" -lt "$best_captured_s" ] && best_captured_s=$c
  echo "  untracked UPDATE of $N rows, session run open: plain ${p} ms, captured ${c} ms"
done
"$BIN" --database "$DB" run --finish "$session" >/dev/null

# 1. Tracked against untracked: the same UPDATE on identical tables, and
# 3. the undo of that run against the job itself; ROUNDS rounds on fresh
# tables, the best of each side (as for pair 2: on a shared machine the best
# time is the one least disturbed by others).
# Each timed step starts right after a checkpoint, so that each pays for the
# full-page images of every page it touches (otherwise whichever runs after a
# checkpoint that happens to fall between them pays that alone).
ROUNDS=${ROUNDS:-3}
best() { [ "$1" -eq 0 ] || [ "$2" -lt "$1" ] && echo "$2" || echo "$1"; }
untracked=0; tracked=0; undo=0
for ((round = 1; round <= ROUNDS; round++)); do
  if [ "$round" -gt 1 ]; then
    sql -c "TRUNCATE untouched, tracked" \
        -c "INSERT INTO untouched SELECT g, g % 100, md5(g::text), now() FROM generate_series(1, $N) g" \
        -c "INSERT INTO tracked SELECT * FROM untouched"
  fi
  sql -c "VACUUM ANALYZE untouched" -c "VACUUM ANALYZE tracked" -c "CHECKPOINT"
  u=$(timed_sql "UPDATE untouched SET a = a + 1, b = 'job'")
  sql -c "CHECKPOINT"
  t0=$(now_ms)
  run=$("$BIN" --database "$DB" run -c "UPDATE tracked SET a = a + 1, b = 'job'" --table tracked --label bench | head -1)
  t=$(( $(now_ms) - t0 ))
  sql -c "CHECKPOINT"
  t0=$(now_ms)
  "$BIN" --database "$DB" undo "$run" >/dev/null
  d=$(( $(now_ms) - t0 ))
  restored=$(sql -At -c "SELECT count(*) FROM tracked WHERE b <> 'job'")
  [ "$restored" -eq "$N" ] || { echo "bench/journal: undo restored $restored of $N rows" >&2; exit 1; }
  echo "  UPDATE of $N rows: untracked ${u} ms, tracked ${t} ms; undo of the tracked run ${d} ms"
  untracked=$(best "$untracked" "$u"); tracked=$(best "$tracked" "$t"); undo=$(best "$undo" "$d")
done

r1=$(ratio "$tracked" "$untracked"); r2=$(ratio "$best_captured" "$best_plain"); r3=$(ratio "$undo" "$tracked")
r2s=$(ratio "$best_captured_s" "$best_plain_s")
echo "tracked / untracked UPDATE:          ${r1}x (goal <= 1.5x)"
echo "untracked, captured / plain table:   ${r2}x (goal <= 1.05x)"
echo "undo / original job:                 ${r3}x (goal <= 1.5x)"
echo "(info) the same, session run open:   ${r2s}x"
