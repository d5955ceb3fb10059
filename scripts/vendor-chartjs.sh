#!/usr/bin/env bash
# Re-vendors the charting library of the HTML reports from the npm registry into the CLI's resources,
# so reports are self-contained (no CDN). Usage: scripts/vendor-chartjs.sh [VERSION]
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@" # run by sh (sh ./specagent): a bash script
set -euo pipefail
unset CDPATH # exported, it sends cd to a folder of the same name elsewhere and makes it print where it went
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd) # also through a symlink
VERSION=${1:-4.6.1}
DEST="$ROOT/specagent-cli/src/main/resources/dev/specagent/cli/report"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
(cd "$TMP" && npm pack "chart.js@$VERSION" >/dev/null && tar xzf chart.js-*.tgz)
cp "$TMP/package/dist/chart.umd.min.js" "$DEST/chart.umd.min.js"
cp "$TMP/package/LICENSE.md" "$DEST/chart.js.LICENSE.md"
echo "vendored chart.js $VERSION into $DEST"
