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
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 2; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
