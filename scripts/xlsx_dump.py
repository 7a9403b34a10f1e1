#!/usr/bin/env python3
"""Dumps every sheet of a workbook as JSON, as a reader other than ours sees it.

Usage: xlsx_dump.py FILE.xlsx --reader openpyxl|libreoffice

- openpyxl: {"sheets": {name: {"rows": [[value…]…], "formats": [[number_format…]…], "frozen": "A2"}}},
  values as openpyxl returns them (numbers as floats or ints, text as str, empty as null).
- libreoffice: `soffice --headless --convert-to csv` with the raw values (not as shown) of every
  sheet (LibreOffice 7.2+: sheet parameter -1), read back with the csv module:
  {"sheets": {name: {"rows": [[text…]…]}}}.
"""
import argparse
import csv
import glob
import json
import os
import subprocess
import sys
import tempfile


def openpyxl_dump(path):
    import openpyxl
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        rows, formats = [], []
        for row in ws.iter_rows():
            rows.append([c.value for c in row])
            formats.append([c.number_format for c in row])
        out[ws.title] = {"rows": rows, "formats": formats, "frozen": ws.freeze_panes}
    return out


def libreoffice_dump(path):
    out = {}
    with tempfile.TemporaryDirectory() as scratch:
        # Filter options: comma, double quote, UTF-8 (76), from line 1, …, token 9 false = raw
        # values rather than as shown, token 12 -1 = every sheet to FILE-SHEET.csv.
        options = "44,34,76,1,,0,false,true,false,false,false,-1"
        result = subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation=file://{scratch}/profile", "--convert-to", f"csv:Text - txt - csv (StarCalc):{options}",
             "--outdir", scratch, path], capture_output=True, text=True, timeout=180)
        if result.returncode != 0:
            sys.exit(f"soffice failed ({result.returncode}): {result.stderr[-1000:]}")
        stem = os.path.splitext(os.path.basename(path))[0]
        for file in sorted(glob.glob(os.path.join(scratch, f"{stem}-*.csv"))):
            sheet = os.path.basename(file)[len(stem) + 1:-4]
            with open(file, encoding="utf-8", newline="") as f:
                out[sheet] = {"rows": list(csv.reader(f))}
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--reader", choices=["openpyxl", "libreoffice"], required=True)
    args = parser.parse_args()
    sheets = openpyxl_dump(args.file) if args.reader == "openpyxl" else libreoffice_dump(args.file)
    json.dump({"sheets": sheets}, sys.stdout, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
