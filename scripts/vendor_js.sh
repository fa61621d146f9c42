#!/usr/bin/env bash
# Refresh the vendored chart libraries in assets/vendor/ from the npm registry (run by hand when
# the pinned versions change; the files are committed so that the book loads nothing from the
# internet). vega 6.3.0 is not used: its build still carries a 5.x bundle. Versions must match the Vega-Lite major version Altair writes (altair.SCHEMA_VERSION).
set -euo pipefail
cd "$(dirname "$0")/.."
VERSIONS=(vega@6.2.0 vega-lite@6.4.1 vega-embed@7.3.0)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "${VERSIONS[@]}" >/dev/null)
for spec in "${VERSIONS[@]}"; do
  name=${spec%@*}
  mkdir -p "$work/$name"
  tar xzf "$work/$name-${spec#*@}.tgz" -C "$work/$name"
  sed 's|//# sourceMappingURL=.*||' "$work/$name/package/build/$name.min.js" > "assets/vendor/$name.min.js"
  cp "$work/$name/package/LICENSE" "assets/vendor/LICENSE-$name"
done
echo "vendored: ${VERSIONS[*]}"
