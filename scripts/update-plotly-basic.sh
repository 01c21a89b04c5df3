#!/usr/bin/env bash
# Fetch the plotly.js basic bundle of the same version as the plotly.js inside the installed plotly package.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(.venv/bin/python -c "import plotly.offline; print(plotly.offline.get_plotlyjs_version())")
package=plotly.js-basic-dist-min
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
curl -fsSL "https://registry.npmjs.org/$package/-/$package-$version.tgz" | tar xz -C "$work"
cp "$work/package/plotly-basic.min.js" pipeline/report/vendor/plotly-basic.min.js
cp "$work/package/LICENSE" pipeline/report/vendor/LICENSE-plotly.js.txt
echo "plotly.js basic $version in pipeline/report/vendor/"
