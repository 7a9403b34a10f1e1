#!/usr/bin/env bash
# Creates .venv (git-ignored) with what the notebook tests need: pandas, statsmodels and matplotlib
# to run the exported notebook, nbformat to validate it, nbclient + ipykernel to execute it headless;
# pyspark and pyarrow for the Spark job's test (integrations/spark/, local[2]; Java 17 from scripts/test-tools.sh).
# Installs python3-venv from Debian when the venv module is missing. Idempotent and quiet.
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(numpy pandas statsmodels matplotlib nbformat nbclient ipykernel openpyxl pyspark pyarrow)
if [ -x .venv/bin/python ] && .venv/bin/python -c "import numpy, pandas, statsmodels, matplotlib, nbformat, nbclient, ipykernel, openpyxl, pyspark, pyarrow" 2>/dev/null; then
  exit 0
fi
if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c "import ensurepip" >/dev/null 2>&1; then
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  echo "python-env: installing python3-venv" >&2
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq python3-venv python3-pip >/dev/null
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
echo "python-env: installing ${packages[*]} into .venv" >&2
.venv/bin/pip install -q --disable-pip-version-check "${packages[@]}"
