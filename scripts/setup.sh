#!/usr/bin/env bash
# Installs what kpi-weights needs on Debian 12 when it is missing: LAPACK/BLAS headers and
# libraries (liblapack-dev), and OpenBLAS (libopenblas0-pthread), which Debian's alternatives
# system then uses for the same binary; libssl-dev for SHA-256 (libcrypto). Swift itself is
# assumed installed.
set -euo pipefail
packages=(liblapack-dev libopenblas0-pthread libssl-dev)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "setup: swift is not on PATH; install the Swift 6 toolchain first" >&2; exit 1; }
