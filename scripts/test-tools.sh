#!/usr/bin/env bash
# Installs what the browser and workbook tests need when it is missing (Debian 12): Chromium
# (headless layout checks of the HTML report, `report --pdf`), a CJK font (fonts-noto-cjk, so the
# zh pages lay out as Chinese readers see them), and LibreOffice Calc without a GUI (reading
# our .xlsx workbooks back). Idempotent; `make test` runs it.
set -euo pipefail
packages=(chromium fonts-noto-cjk libreoffice-calc-nogui)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "test-tools: installing ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
