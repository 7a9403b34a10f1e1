#!/usr/bin/env bash
# The Python environment for regenerating peer fixtures (not needed by the tests): pyfixest,
# linearmodels, statsmodels in .venv-fixtures.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv-fixtures/bin/python ] || python3 -m venv .venv-fixtures
.venv-fixtures/bin/pip install -q pyfixest linearmodels statsmodels pandas numpy
