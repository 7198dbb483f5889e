#!/usr/bin/env bash
# Installs the Debian packages wayback needs to build, test and benchmark,
# and only those that are missing. Uses sudo when not run as root.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libsqlite3-dev sqlite3          # the embedded backend
  libpq-dev postgresql            # the server backend; the test suite starts its own server
  libpg-query-dev                 # the real PostgreSQL parser
  libssl-dev                      # SHA-256 checksums (libcrypto)
  libcli11-dev libfmt-dev nlohmann-json3-dev libtomlplusplus-dev
  libsimdjson-dev                 # reads libpg_query's parse trees in place (lint speed)
  libgtest-dev libgmock-dev libbenchmark-dev
  time                            # /usr/bin/time -v for peak RSS in benchmarks
  python3-jsonschema              # validates SARIF output against the official schema (lint suite)
)
# npm fetches the SARIF schema (scripts/fetch-sarif-schema.sh) and the benchmark
# peers; a machine may already have it from NodeSource, so only ask Debian for it
# when there is none.
command -v npm >/dev/null || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 2; }
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

"$(dirname "$0")/fetch-sarif-schema.sh"
