#!/usr/bin/env bash
# Scale benchmarks (not tests; issue 17), ours and the peer in one run with the ratio:
#   bash Benchmarks/scale.sh            (from the repository root; `make bench-scale` does the same)
# - a 5 GB CSV (95,000,000 rows, 500 teams): `kpi-weights stats` (one streaming pass, clustered by
#   team) vs DuckDB (Python package, two threads) computing the same sums and cross products per
#   team and overall with SQL over the same file; time and peak RSS of each whole process;
# - PostgreSQL push-down on 10,000,000 rows: `fit --pushdown` vs COPY to CSV (psql) + `fit` of the
#   CSV, on a throwaway server (scripts/with-postgres.sh).
# Data goes to benchmark-data/ (git-ignored): about 5.6 GB.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
data="$root/benchmark-data"
mkdir -p "$data"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q numpy duckdb >/dev/null
swift build -c release --product kpi-weights >/dev/null
ours="$root/.build/release/kpi-weights"
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.3g}')" "$1" "$2"; }
field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p"; }
[ -f "$data/scale-5gb.csv" ] || .venv/bin/python Benchmarks/scale_peer.py make-big 95000000 "$data/scale-5gb.csv"
[ -f "$data/scale-10m.csv" ] || .venv/bin/python Benchmarks/scale_peer.py make-big 10000000 "$data/scale-10m.csv"
printf '%-44s %10s %10s %8s %14s\n' "benchmark" "ours (s)" "peer (s)" "ratio" "RSS MB ours/peer"
line=$(.venv/bin/python Benchmarks/scale_peer.py streaming "$data/scale-5gb.csv" "$ours" "$data" 2>/dev/null)
printf '%-44s %10.2f %10.2f %8s %14s\n' "stats, 5 GB CSV, per team vs DuckDB" "$(echo "$line" | field our_seconds)" "$(echo "$line" | field peer_seconds)" \
  "$(ratio "$(echo "$line" | field our_seconds)" "$(echo "$line" | field peer_seconds)")" "$(echo "$line" | field our_rss_mb)/$(echo "$line" | field peer_rss_mb)"
echo "  then fit --stats: $(echo "$line" | field fit_stats_seconds) s"
# shellcheck disable=SC2016
line=$(bash scripts/with-postgres.sh bash -c '
  export PGPASSWORD="$KPI_WEIGHTS_TEST_PGPASSWORD"
  psql "$KPI_WEIGHTS_TEST_POSTGRES" -X -q -c "CREATE TABLE big (team text, satisfaction_pct float8, response_hours float8, first_fix_pct float8, resolution_hours float8, complaint_resolution_pct float8, cost_per_ticket float8, utilization_pct float8, churn_pct float8)" \
    -c "\\copy big FROM '"$data"'/scale-10m.csv CSV HEADER" -c "ANALYZE big" >&2
  .venv/bin/python Benchmarks/scale_peer.py pushdown "$KPI_WEIGHTS_TEST_POSTGRES" big "'"$ours"'" "'"$data"'"' 2>/dev/null)
printf '%-44s %10.2f %10.2f %8s %14s\n' "fit --pushdown, 1e7 rows vs COPY + fit" "$(echo "$line" | field our_seconds)" "$(echo "$line" | field peer_seconds)" \
  "$(ratio "$(echo "$line" | field our_seconds)" "$(echo "$line" | field peer_seconds)")" "$(echo "$line" | field our_rss_mb)/$(echo "$line" | field peer_rss_mb)"
echo "ratio = ours / peer (below 1: kpi-weights is faster); best of 2 whole processes each"
