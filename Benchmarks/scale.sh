#!/usr/bin/env bash
# Scale benchmarks (not tests; issue 17), ours and the peer in one run with the ratio:
#   bash Benchmarks/scale.sh            (from the repository root; `make bench-scale` does the same)
# - a 5 GB CSV (95,000,000 rows, 500 teams): `kpi-weights stats` (one streaming pass, clustered by
#   team) vs DuckDB (Python package, two threads) computing the same sums and cross products per
#   team and overall with SQL over the same file; time and peak RSS of each whole process;
# - PostgreSQL push-down on 10,000,000 rows: `fit --pushdown` vs COPY to CSV (psql) + `fit` of the
#   CSV, on a throwaway server (scripts/with-postgres.sh), with double precision and with exact
#   numeric(8,2) columns; and `fit --streaming` of that table against `fit` reading it whole;
# - Spark local[2] on those rows as Parquet: integrations/spark/kpi_weights_stats.py + `fit --stats`
#   vs MLlib LinearRegression(solver="normal"), and how far each side's estimates are apart;
# - a 1,048,575-row .xlsx (Excel's limit): `fit --streaming` vs python-calamine + numpy lstsq, and
#   against our fit reading the workbook whole (time and peak RSS).
# Data goes to benchmark-data/ (git-ignored): about 5.6 GB.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
data="$root/benchmark-data"
mkdir -p "$data"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q numpy duckdb pyspark pyarrow python-calamine >/dev/null
swift build -c release --product kpi-weights >/dev/null
ours="$root/.build/release/kpi-weights"
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.3g}')" "$1" "$2"; }
field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p"; }
[ -f "$data/scale-5gb.csv" ] || .venv/bin/python Benchmarks/scale_peer.py make-big 95000000 "$data/scale-5gb.csv"
[ -f "$data/scale-10m.csv" ] || .venv/bin/python Benchmarks/scale_peer.py make-big 10000000 "$data/scale-10m.csv"
[ -f "$data/scale-1m.csv" ] || .venv/bin/python Benchmarks/scale_peer.py make-big 1048575 "$data/scale-1m.csv"
[ -f "$data/scale-1m.xlsx" ] || .venv/bin/python Benchmarks/scale_peer.py make-xlsx "$data/scale-1m.csv" 1048575 "$data/scale-1m.xlsx" >/dev/null
printf '%-44s %10s %10s %8s %14s\n' "benchmark" "ours (s)" "peer (s)" "ratio" "RSS MB ours/peer"
line=$(.venv/bin/python Benchmarks/scale_peer.py streaming "$data/scale-5gb.csv" "$ours" "$data" 2>/dev/null)
printf '%-44s %10.2f %10.2f %8s %14s\n' "stats, 5 GB CSV, per team vs DuckDB" "$(echo "$line" | field our_seconds)" "$(echo "$line" | field peer_seconds)" \
  "$(ratio "$(echo "$line" | field our_seconds)" "$(echo "$line" | field peer_seconds)")" "$(echo "$line" | field our_rss_mb)/$(echo "$line" | field peer_rss_mb)"
echo "  then fit --stats: $(echo "$line" | field fit_stats_seconds) s"
line=$(.venv/bin/python Benchmarks/scale_peer.py xlsx "$data/scale-1m.xlsx" "$ours" 2>/dev/null)
printf '%-44s %10.2f %10.2f %8s %14s\n' "fit --streaming, 1,048,575-row xlsx vs calamine" "$(echo "$line" | field our_seconds)" "$(echo "$line" | field peer_seconds)" \
  "$(ratio "$(echo "$line" | field our_seconds)" "$(echo "$line" | field peer_seconds)")" "$(echo "$line" | field our_rss_mb)/$(echo "$line" | field peer_rss_mb)"
echo "  the same workbook read whole: $(echo "$line" | field whole_seconds) s, $(echo "$line" | field whole_rss_mb) MB"
# shellcheck disable=SC2016
line=$(bash scripts/with-postgres.sh bash -c '
  export PGPASSWORD="$KPI_WEIGHTS_TEST_PGPASSWORD"
  psql "$KPI_WEIGHTS_TEST_POSTGRES" -X -q -c "CREATE TABLE big (team text, satisfaction_pct float8, response_hours float8, first_fix_pct float8, resolution_hours float8, complaint_resolution_pct float8, cost_per_ticket float8, utilization_pct float8, churn_pct float8)" \
    -c "\\copy big FROM '"$data"'/scale-10m.csv CSV HEADER" -c "ANALYZE big" \
    -c "CREATE TABLE big_exact AS SELECT team, satisfaction_pct::numeric(8,2) AS satisfaction_pct, response_hours::numeric(8,2) AS response_hours, first_fix_pct::numeric(8,2) AS first_fix_pct, resolution_hours::numeric(8,2) AS resolution_hours, complaint_resolution_pct::numeric(8,2) AS complaint_resolution_pct, cost_per_ticket::numeric(8,2) AS cost_per_ticket, utilization_pct::numeric(8,2) AS utilization_pct, churn_pct::numeric(8,3) AS churn_pct FROM big" \
    -c "ANALYZE big_exact" >&2
  echo "float8 $(.venv/bin/python Benchmarks/scale_peer.py pushdown "$KPI_WEIGHTS_TEST_POSTGRES" big "'"$ours"'" "'"$data"'")"
  echo "exact $(.venv/bin/python Benchmarks/scale_peer.py pushdown "$KPI_WEIGHTS_TEST_POSTGRES" big_exact "'"$ours"'" "'"$data"'")"
  echo "streaming $(.venv/bin/python Benchmarks/scale_peer.py streaming-db "$KPI_WEIGHTS_TEST_POSTGRES" big_exact "'"$ours"'")"' 2>/dev/null)
for kind in float8 exact; do
  row=$(echo "$line" | grep "^$kind ")
  printf '%-44s %10.2f %10.2f %8s %14s\n' "fit --pushdown ($kind), 1e7 rows vs COPY + fit" "$(echo "$row" | field our_seconds)" "$(echo "$row" | field peer_seconds)" \
    "$(ratio "$(echo "$row" | field our_seconds)" "$(echo "$row" | field peer_seconds)")" "$(echo "$row" | field our_rss_mb)/$(echo "$row" | field peer_rss_mb)"
done
row=$(echo "$line" | grep "^streaming ")
printf '%-44s %10.2f %10.2f %8s %14s\n' "fit --streaming vs in memory, 1e7 DB rows" "$(echo "$row" | field our_seconds)" "$(echo "$row" | field peer_seconds)" \
  "$(ratio "$(echo "$row" | field our_seconds)" "$(echo "$row" | field peer_seconds)")" "$(echo "$row" | field our_rss_mb)/$(echo "$row" | field peer_rss_mb)"
line=$(.venv/bin/python Benchmarks/scale_peer.py spark "$data/scale-10m.csv" "$ours" "$data" 2>/dev/null)
printf '%-44s %10.2f %10.2f %8s %14s\n' "Spark stats + fit --stats vs MLlib normal" "$(echo "$line" | field our_seconds)" "$(echo "$line" | field peer_seconds)" \
  "$(ratio "$(echo "$line" | field our_seconds)" "$(echo "$line" | field peer_seconds)")" "(JVM not counted)"
echo "  estimates apart (relative, largest): $(echo "$line" | field estimates_rel); iid standard errors: $(echo "$line" | field iid_se_rel)"
echo "ratio = ours / peer (below 1: kpi-weights is faster); best of 2 whole processes each"
