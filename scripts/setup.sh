#!/usr/bin/env bash
# Installs what kpi-weights needs on Debian 12 when it is missing: LAPACK/BLAS headers and
# libraries (liblapack-dev), and OpenBLAS (libopenblas0-pthread), which Debian's alternatives
# system then uses for the same binary; libssl-dev for SHA-256 (libcrypto);
# libsqlite3-dev and libpq-dev for SQLite and PostgreSQL sources. Swift itself is
# assumed installed.
set -euo pipefail
bash "$(dirname "$0")/apt-install.sh" liblapack-dev libopenblas0-pthread libssl-dev libsqlite3-dev libpq-dev
command -v swift >/dev/null || { echo "setup: swift is not on PATH; install the Swift 6 toolchain first" >&2; exit 1; }
