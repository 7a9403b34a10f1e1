#!/usr/bin/env bash
# Renders the HTML report's charts to PNG so a person can look at them (not part of `make test`).
#   bash scripts/render-report.sh [OUTDIR]      (default: benchmark-data/report-render, git-ignored)
# Installs librsvg2-bin (rsvg-convert) and fonts-noto-cjk (Chinese glyphs) when missing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/benchmark-data/report-render}"
cd "$root"
if ! command -v rsvg-convert >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get install -y -q librsvg2-bin fonts-noto-cjk >/dev/null
fi
swift build >/dev/null
mkdir -p "$out"
for lang in zh en; do
  .build/debug/kpi-weights report --data datasets/after-sales-history.csv --outcome churn_pct \
    --preset brand-image,cost-reduction,balanced --lang "$lang" --bootstrap 200 --group team \
    --as-of 2026-11-29T00:00:00Z --html "$out/report-$lang.html" --force --quiet
  python3 - "$out/report-$lang.html" "$out/$lang" <<'PY'
import re, sys, os
html, prefix = sys.argv[1], sys.argv[2]
svgs = re.findall(r"<svg .*?</svg>", open(html, encoding="utf-8").read(), flags=re.S)
for k, svg in enumerate(svgs):
    with open(f"{prefix}-chart{k + 1:02d}.svg", "w", encoding="utf-8") as f:
        f.write(svg)
print(len(svgs), "charts")
PY
  for svg in "$out/$lang"-chart*.svg; do rsvg-convert -o "${svg%.svg}.png" "$svg"; done
done
echo "PNGs in $out"
