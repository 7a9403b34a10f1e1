# kpi-weights — the README's two commands are `make demo` and `make test`.
.PHONY: setup demo test test-sanitize fuzz bench bench-scale fixtures dataset release

setup:
	@bash scripts/setup.sh

# Main job on the bundled sample data: weights for customer churn from 40 teams × 36 months,
# then the recommended weights for the retention preset (the article's response-time case); the
# helpdesk export route; a confounded panel with fixed effects and a lag; and 2,000 customers'
# 0/1 churn (a logistic model, dominance weights by default).
demo: setup
	swift build
	.build/debug/kpi-weights fit --data datasets/after-sales-history.csv --outcome churn_pct
	.build/debug/kpi-weights recommend --data datasets/after-sales-history.csv --outcome churn_pct --preset retention
	@mkdir -p .build/demo
	.build/debug/kpi-weights prepare --data datasets/helpdesk-tickets.gbk.csv --spec datasets/helpdesk.prepare.yaml --output .build/demo/team-months.csv --force
	.build/debug/kpi-weights fit --data .build/demo/team-months.csv --outcome churn_pct
	.build/debug/kpi-weights recommend --data .build/demo/team-months.csv --outcome churn_pct --preset balanced
	.build/debug/kpi-weights fit --data datasets/confounded-history.csv --outcome churn_pct --fixed-effects team,month --lag response_hours=1
	.build/debug/kpi-weights fit --data datasets/customers.csv --outcome churned

# The whole test suite (NIST StRD, statsmodels/scipy fixtures, CSV errors, end-to-end CLI, the
# exported notebook executed with nbclient in .venv, which scripts/python-env.sh creates, the HTML
# report laid out by headless Chromium, and workbooks read back by openpyxl and LibreOffice, which
# scripts/test-tools.sh installs; the database sources against a throwaway PostgreSQL 15 server
# that scripts/with-postgres.sh starts and stops, and SQLite files the tests make).
test: setup
	bash scripts/python-env.sh
	bash scripts/test-tools.sh
	bash scripts/with-postgres.sh swift test

release: setup
	swift build -c release

# The suite under AddressSanitizer, and the threaded parts (two-core CSV parser, bootstrap,
# parallel maps, BLAS threads) under ThreadSanitizer; separate build folders. .ci/run calls it.
test-sanitize: setup
	bash scripts/test-sanitize.sh

# libFuzzer on every loader, SECONDS each (make fuzz SECONDS=600); see scripts/fuzz.sh.
SECONDS ?= 60
fuzz: setup
	bash scripts/fuzz.sh $(SECONDS)

# Benchmarks against numpy and pandas+statsmodels (not tests; needs python3 with pip).
bench: setup
	bash Benchmarks/run.sh

# Scale: a 5 GB CSV streamed vs DuckDB, PostgreSQL push-down vs COPY + fit (about 5.6 GB of data).
bench-scale: setup
	bash Benchmarks/scale.sh

# Regenerate outside-reference fixtures (review the diff before committing).
fixtures:
	python3 -m venv .venv && .venv/bin/pip install -q numpy scipy statsmodels pandas mpmath pingouin pymcdm
	.venv/bin/python scripts/make_fixtures.py
	.venv/bin/python scripts/make_weight_fixtures.py

dataset:
	python3 datasets/generate.py
