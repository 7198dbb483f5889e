#!/usr/bin/env bash
# The quickstart, as `make demo` runs it: a copy of this folder in a temp dir,
# three migrations linted, verified on a scratch copy and applied to SQLite, then essay 001's outage — the code is
# reverted, the database is ahead — and the way back from the stored SQL.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
wayback=${WAYBACK:-$here/../../build/wayback}
work=$(mktemp -d /tmp/wayback-quickstart.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp -r "$here/wayback.toml" "$here/migrations" "$work/"
cd "$work"

step() { printf '\n\033[1m$ %s\033[0m\n' "$*" | { if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then cat; else sed 's/\x1b\[[0-9;]*m//g'; fi; }; "$@"; }

step "$wayback" status
# What each statement costs and how it is undone — no database needed.
step "$wayback" lint
# Up, down and up again on an in-memory copy: does each down restore schema and data?
step "$wayback" verify
step "$wayback" up --dry-run
step "$wayback" up
step "$wayback" status

echo
echo "# The code is reverted: 0003 disappears from disk, but the database keeps it."
rm migrations/0003_index_last_login.*
step "$wayback" status
# `up` refuses to carry on silently past migrations the code does not know (exit 1).
step "$wayback" up || echo "(exit $? — the database is ahead of the code)"
step "$wayback" down
step "$wayback" status
step "$wayback" history
