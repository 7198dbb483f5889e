#!/usr/bin/env bash
# generate.sh DIR [N]: N (default 500) small migrations in wayback's layout —
# a cycle of CREATE TABLE, ADD COLUMN, CREATE INDEX, CREATE VIEW, each with
# its down. Also writes DIR/dbmate/ (the same SQL in dbmate's one-file format).
set -euo pipefail
dir=$1
n=${2:-500}
mkdir -p "$dir/migrations" "$dir/dbmate"
table=0
for ((i = 1; i <= n; i++)); do
  v=$(printf '%04d' "$i")
  case $((i % 4)) in
    1) table=$i
       name=create_t$table
       up="CREATE TABLE t$table (id bigint PRIMARY KEY, name text NOT NULL, created_at timestamptz DEFAULT now());"
       down="DROP TABLE t$table;" ;;
    2) name=add_note_t$table
       up="ALTER TABLE t$table ADD COLUMN note text;"
       down="ALTER TABLE t$table DROP COLUMN note;" ;;
    3) name=index_t$table
       up="CREATE INDEX t${table}_name ON t$table (name);"
       down="DROP INDEX t${table}_name;" ;;
    0) name=view_t$table
       up="CREATE VIEW v$table AS SELECT id, name, note FROM t$table;"
       down="DROP VIEW v$table;" ;;
  esac
  printf '%s\n' "$up" > "$dir/migrations/${v}_$name.up.sql"
  printf '%s\n' "$down" > "$dir/migrations/${v}_$name.down.sql"
  printf -- '-- migrate:up\n%s\n\n-- migrate:down\n%s\n' "$up" "$down" > "$dir/dbmate/${v}_$name.sql"
done
