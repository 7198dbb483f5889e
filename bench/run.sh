#!/usr/bin/env bash
# `make bench`: every benchmark under bench/<area>/run.sh, each printing its
# ratios against a floor or a peer measured in the same run. Runs under
# scripts/with-postgres.sh, so WAYBACK_TEST_PG_URL points at a throwaway server.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for b in bench/*/run.sh; do
  echo "== ${b%/run.sh}"
  "$b" || status=1
done
exit $status
