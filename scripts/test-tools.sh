#!/usr/bin/env bash
# Installs what the browser and workbook tests need when it is missing (Debian 12): Chromium
# (headless layout checks of the HTML report, `report --pdf`), a CJK font (fonts-noto-cjk, so the
# zh pages lay out as Chinese readers see them), and LibreOffice Calc without a GUI (reading
# our .xlsx workbooks back), and the sqlite3 shell (the database-source tests build their SQLite
# files with it), and Java 17 (openjdk-17-jre-headless) for Spark in local mode. Idempotent; `make
# test` runs it.
set -euo pipefail
bash "$(dirname "$0")/apt-install.sh" chromium fonts-noto-cjk libreoffice-calc-nogui sqlite3 openjdk-17-jre-headless
