#!/usr/bin/env bash
# Benchmarks (not tests): our code and the peer side by side in one run, with the ratio.
#   bash Benchmarks/run.sh            (from the repository root; `make bench` does the same)
# Needs python3 with venv; installs numpy, pandas and statsmodels into .venv (git-ignored).
# Data goes to benchmark-data/ (git-ignored): about 1 GB for the largest problems.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
data="$root/benchmark-data"
mkdir -p "$data"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q numpy pandas statsmodels pingouin openpyxl python-calamine pyfixest >/dev/null
swift build -c release --product kpi-weights >/dev/null
(cd Benchmarks && swift build -c release >/dev/null)
bench="$root/Benchmarks/.build/release/kpi-bench"
ours="$root/.build/release/kpi-weights"
# Three significant digits: a ratio of 0.004 must not print as 0.00.
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.3g}')" "$1" "$2"; }
field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p"; }

printf '%-34s %12s %12s %8s\n' "benchmark" "ours (s)" "peer (s)" "ratio"
for size in "1000000 20" "100000 50"; do
  set -- $size
  mine=$("$bench" solver "$1" "$2" "$data" | field seconds)
  peer=$(.venv/bin/python Benchmarks/peer.py solver "$1" "$2" "$data" | field seconds)
  printf '%-34s %12.4f %12.4f %8s\n' "least squares ${1}x${2} vs numpy" "$mine" "$peer" "$(ratio "$mine" "$peer")"
done
[ -f "$data/big.csv" ] || "$bench" make-csv 1000000 "$data/big.csv" >/dev/null
line=$(.venv/bin/python Benchmarks/peer.py csv "$data/big.csv" "$ours")
peer=$(echo "$line" | field peer_seconds)
mine=$(echo "$line" | field our_seconds)
printf '%-34s %12.4f %12.4f %8s\n' "CSV 1e6x12 + fit vs pandas+sm" "$mine" "$peer" "$(ratio "$mine" "$peer")"
mine=$("$bench" lmg 10000 12 "$data" | field seconds)
peer=$(.venv/bin/python Benchmarks/peer.py lmg 10000 12 "$data" | field seconds)
printf '%-34s %12.4f %12.4f %8s\n' "LMG 12 indicators x 10k vs pingouin" "$mine" "$peer" "$(ratio "$mine" "$peer")"
mine=$("$bench" bootstrap datasets/after-sales-history.csv 1000 | field seconds)
peer=$(.venv/bin/python Benchmarks/peer.py bootstrap datasets/after-sales-history.csv 1000 | field seconds)
printf '%-34s %12.4f %12.4f %8s\n' "bootstrap 1000 x LMG vs pingouin" "$mine" "$peer" "$(ratio "$mine" "$peer")"
# score: 1,000,000 entity-periods (20,000 agents × 50 months, seven indicators, salaries), whole
# process on both sides, with the config exported from the bundled history.
[ -f "$data/score.csv" ] || .venv/bin/python Benchmarks/peer.py make-score-data 20000 50 "$data/score.csv"
"$ours" export --data datasets/after-sales-history.csv --outcome churn_pct --preset balanced --as-of 2026-01-01T00:00:00Z \
  --output "$data/score-config.json" --force 2>/dev/null
line=$(.venv/bin/python Benchmarks/peer.py score "$data/score-config.json" "$data/score.csv" "$ours" "$data")
mine=$(echo "$line" | field our_seconds)
peer=$(echo "$line" | field peer_seconds)
printf '%-34s %12.4f %12.4f %8s\n' "score 1e6 entity-periods vs pandas" "$mine" "$peer" "$(ratio "$mine" "$peer")"
echo "  score: peak RSS $(echo "$line" | field our_rss_mb) MB vs $(echo "$line" | field peer_rss_mb) MB; $(echo "$line" | field same_scores) of $(echo "$line" | field rows) scores and $(echo "$line" | field same_cents) performance-pay cents identical"
# xlsx: reading a 1,000,000 × 12 workbook (written by openpyxl) vs python-calamine and pandas.
[ -f "$data/big.xlsx" ] || .venv/bin/python Benchmarks/peer.py make-xlsx 1000000 "$data/big.xlsx"
mine=$("$bench" read-xlsx "$data/big.xlsx" | field seconds)
line=$(.venv/bin/python Benchmarks/peer.py xlsx "$data/big.xlsx")
printf '%-34s %12.4f %12.4f %8s\n' "xlsx 1e6x12 read vs python-calamine" "$mine" "$(echo "$line" | field calamine_seconds)" "$(ratio "$mine" "$(echo "$line" | field calamine_seconds)")"
printf '%-34s %12.4f %12.4f %8s\n' "xlsx 1e6x12 read vs pandas+calamine" "$mine" "$(echo "$line" | field pandas_seconds)" "$(ratio "$mine" "$(echo "$line" | field pandas_seconds)")"
# prepare: 10,000,000 tickets (CSV) to team × month rows vs pandas, whole process each.
[ -f "$data/tickets.csv" ] || .venv/bin/python Benchmarks/peer.py make-tickets 10000000 "$data/tickets.csv"
line=$(.venv/bin/python Benchmarks/peer.py prepare "$data/tickets.csv" "$ours" "$data")
printf '%-34s %12.4f %12.4f %8s\n' "prepare 1e7 tickets vs pandas" "$(echo "$line" | field our_seconds)" "$(echo "$line" | field peer_seconds)" "$(ratio "$(echo "$line" | field our_seconds)" "$(echo "$line" | field peer_seconds)")"
echo "  prepare: peak RSS $(echo "$line" | field our_rss_mb) MB vs $(echo "$line" | field peer_rss_mb) MB"
# fit --fixed-effects team,month --se cluster: 5,000 teams × 200 months × 12 indicators vs pyfixest feols.
[ -f "$data/panel.csv" ] || .venv/bin/python Benchmarks/peer.py make-panel 5000 200 "$data/panel.csv"
line=$(.venv/bin/python Benchmarks/peer.py fixed-effects "$data/panel.csv" "$ours")
printf '%-34s %12.4f %12.4f %8s
' "fit two-way FE 1e6x12 vs pyfixest" "$(echo "$line" | field our_seconds)" "$(echo "$line" | field peer_seconds)" "$(ratio "$(echo "$line" | field our_seconds)" "$(echo "$line" | field peer_seconds)")"
printf '%-34s %12.4f %12.4f %8s
' "fit two-way FE vs our plain fit" "$(echo "$line" | field our_seconds)" "$(echo "$line" | field plain_seconds)" "$(ratio "$(echo "$line" | field our_seconds)" "$(echo "$line" | field plain_seconds)")"
# fit --method dominance on a 0/1 outcome: 20,000 customers × 12 indicators vs the Python
# dominance-analysis package (its own venv: it needs numpy < 2 and an IPython < 8).
[ -x .venv-dominance/bin/python ] || python3 -m venv .venv-dominance
.venv-dominance/bin/pip install -q "numpy<2" "pandas<2.2" "ipython<8" dominance-analysis statsmodels scikit-learn >/dev/null
[ -f "$data/customers.csv" ] || .venv/bin/python Benchmarks/peer.py make-customers 20000 12 "$data/customers.csv"
line=$(.venv/bin/python Benchmarks/peer.py dominance "$data/customers.csv" "$ours" .venv-dominance/bin/python)
printf '%-34s %12.4f %12.4f %8s\n' "logistic dominance 2e4x12 vs dominance-analysis" "$(echo "$line" | field our_seconds)" "$(echo "$line" | field peer_seconds)" "$(ratio "$(echo "$line" | field our_seconds)" "$(echo "$line" | field peer_seconds)")"
echo "ratio = ours / peer (below 1 means kpi-weights is faster); best of 3 runs each (LMG: best of 5 vs 3; bootstrap: one run each)"
