#!/usr/bin/env bash
# Lint throughput: 500 generated migration files, and one file of 10,000
# statements, for wayback and (when it can be installed) squawk, in the same
# run (median of REPS runs each). Prints statements/s, the ratio and peak RSS.
# Goal: >= 2x squawk, < 50 MiB.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
if [[ ! -x $BUILD/wayback ]]; then
  cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$BUILD" --target wayback >/dev/null
fi
WAYBACK=$PWD/$BUILD/wayback
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The generated workload: a mix of DDL and DML with the lock and data patterns lint looks at.
stmt() {
  local i=$1
  case $((i % 10)) in
    0) echo "CREATE TABLE t_$i (id bigint PRIMARY KEY, name text NOT NULL, created timestamptz DEFAULT now());" ;;
    1) echo "ALTER TABLE t_$((i - 1)) ADD COLUMN note_$i text;" ;;
    2) echo "CREATE INDEX CONCURRENTLY idx_$i ON t_$((i - 2)) (name);" ;;
    3) echo "ALTER TABLE t_$((i - 3)) ADD CONSTRAINT fk_$i FOREIGN KEY (id) REFERENCES t_$((i - 3)) (id) NOT VALID;" ;;
    4) echo "UPDATE t_$((i - 4)) SET name = upper(name) WHERE id < $i;" ;;
    5) echo "ALTER TABLE t_$((i - 5)) ALTER COLUMN name TYPE varchar(200);" ;;
    6) echo "CREATE VIEW v_$i AS SELECT id, name FROM t_$((i - 6)) WHERE created > now() - interval '1 day';" ;;
    7) echo "INSERT INTO t_$((i - 7)) (id, name) VALUES ($i, 'n$i') ON CONFLICT (id) DO NOTHING;" ;;
    8) echo "ALTER TABLE t_$((i - 8)) RENAME COLUMN note_$((i - 7)) TO remark_$i;" ;;
    9) echo "DELETE FROM t_$((i - 9)) WHERE id = $i;" ;;
  esac
}
mkdir -p "$work/many" "$work/one"
files_statements=0
for f in $(seq 1 500); do
  id=$(printf '%04d' "$f")
  {
    echo "-- The way back"; echo "--   writes: t"; echo "--   reverse: down"; echo "--   window: 1d"
    for k in $(seq 0 9); do stmt $((f * 10 + k)); done
  } >"$work/many/${id}_m.up.sql"
  echo "SELECT 1;" >"$work/many/${id}_m.down.sql"
  files_statements=$((files_statements + 11))
done
for i in $(seq 0 9999); do stmt "$i"; done >"$work/one/big.sql"
one_statements=10000

# Median seconds and peak RSS (KiB) of REPS runs of a command, via /usr/bin/time -v:
# one run of a few hundred milliseconds is mostly noise on a shared machine.
REPS=${REPS:-7}
measure() {
  local out=$work/time.txt secs=() rss=0 s r
  for ((k = 0; k < REPS; k++)); do
    /usr/bin/time -v "$@" >/dev/null 2>"$out" || true
    s=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); t=0; for(i=1;i<=n;i++) t=t*60+a[i]; print t}' "$out")
    r=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out")
    secs+=("$s"); ((r > rss)) && rss=$r
  done
  echo "$(printf '%s\n' "${secs[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') $rss"
}
rate() { awk -v n="$1" -v s="$2" 'BEGIN { if (s <= 0) s = 0.001; printf "%.0f", n / s }'; }

SQUAWK=$(command -v squawk || true)
if [[ -z $SQUAWK ]]; then
  npm install -g squawk-cli >/dev/null 2>&1 || true
  SQUAWK=$(command -v squawk || true)
fi

report() {
  local name=$1 n=$2; shift 2
  read -r ws wr < <(measure "$WAYBACK" lint --dialect postgres --format json "$@")
  local wrate; wrate=$(rate "$n" "$ws")
  printf '%-28s wayback %8s stmt/s  peak RSS %6.1f MiB\n' "$name" "$wrate" "$(awk -v k="$wr" 'BEGIN{print k/1024}')"
  if [[ -n $SQUAWK ]]; then
    local targets=()
    for p in "$@"; do if [[ -d $p ]]; then targets+=("$p"/*.up.sql); else targets+=("$p"); fi; done
    read -r ss sr < <(measure "$SQUAWK" "${targets[@]}")
    local srate; srate=$(rate "$n" "$ss")
    printf '%-28s squawk  %8s stmt/s  peak RSS %6.1f MiB  ratio %.2fx\n' "$name" "$srate" \
      "$(awk -v k="$sr" 'BEGIN{print k/1024}')" "$(awk -v a="$wrate" -v b="$srate" 'BEGIN{print (b>0)?a/b:0}')"
  else
    echo "$name: squawk not installed and npm install -g squawk-cli failed; peer skipped"
  fi
}
report "500 files" "$files_statements" "$work/many"
report "one file, 10000 statements" "$one_statements" "$work/one/big.sql"
