#!/usr/bin/env python3
"""Writes the workbook fixtures of the xlsx reader tests (Tests/DataSourcesTests/Fixtures/):

- openpyxl-history.xlsx: Chinese headers, numbers, shared strings, 是/否, booleans, an empty cell,
  an #N/A error, and dates and times in the 1900 system (including 1900-03-01, after Excel's
  fictitious 1900-02-29);
- openpyxl-1904.xlsx: the same dates in the 1904 system;
- openpyxl-merged.xlsx: a two-row header with merged cells (an error);
- libreoffice-history.xlsx: openpyxl-formulas.xlsx (formulas without cached values) converted by
  LibreOffice (`soffice --headless --convert-to xlsx`), which computes and caches the values;
- expected.json: what each cell should read as (openpyxl's reading of the same workbooks).

Run with the .venv of `make test` (openpyxl) and LibreOffice from Debian (libreoffice-calc-nogui):
    .venv/bin/python scripts/make_xlsx_fixtures.py
"""
import datetime
import json
import os
import shutil
import subprocess
import tempfile

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Tests", "DataSourcesTests", "Fixtures")
HEADER = ["团队", "月份", "客户满意度", "平均响应时长(小时)", "是否重开", "已审核", "创建时间", "客户流失率"]
ROWS = [
    ["华东一组", "2025-01", 82.3, 6.25, "否", True, datetime.datetime(2025, 1, 2, 8, 5), 8.64],
    ["华东一组", "2025-02", 85.1, None, "是", False, datetime.datetime(2025, 2, 3, 17, 30, 15), 7.9],
    ["华南二组", "2025-01", 79.0, 12.5, "否", True, datetime.datetime(1900, 3, 1), "#N/A"],
    ["华南二组", "2025-02", 88.25, 3.0, "是", True, datetime.date(2024, 2, 29), 6.125],
]


def history(path, epoch=None):
    book = openpyxl.Workbook()
    if epoch is not None:
        book.epoch = epoch
    sheet = book.active
    sheet.title = "历史"
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    for cell in sheet["G"][1:]:
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
    other = book.create_sheet("说明")
    other.append(["note"])
    other.append(["second sheet"])
    book.save(path)


def merged(path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(["服务", None, "结果"])
    sheet.append(["满意度", "响应时间", "流失率"])
    sheet.append([82, 5, 8])
    sheet.merge_cells("A1:B1")
    book.save(path)


def formulas(path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(["team", "satisfaction_pct", "response_hours", "churn_pct"])
    sheet.append(["T1", 80, 4, "=10-B2/20"])
    sheet.append(["T2", 90, 2, "=10-B3/20"])
    sheet.append(["T3", "=AVERAGE(B2:B3)", "=C2*1.5", "=ROUND(D2+D3,2)"])
    book.save(path)


def expected(path, sheet=None):
    book = openpyxl.load_workbook(path, data_only=True)
    ws = book[sheet] if sheet else book.worksheets[0]
    rows = []
    for row in ws.iter_rows(values_only=True):
        cells = []
        for value in row:
            if isinstance(value, datetime.datetime):
                cells.append(value.strftime("%Y-%m-%d %H:%M:%S").replace(" 00:00:00", ""))
            elif isinstance(value, datetime.date):
                cells.append(value.isoformat())
            elif isinstance(value, bool):
                cells.append("TRUE" if value else "FALSE")
            elif value is None:
                cells.append("")
            else:
                cells.append(value)
        rows.append(cells)
    return rows


def main():
    os.makedirs(OUT, exist_ok=True)
    history(os.path.join(OUT, "openpyxl-history.xlsx"))
    history(os.path.join(OUT, "openpyxl-1904.xlsx"), epoch=CALENDAR_MAC_1904)
    merged(os.path.join(OUT, "openpyxl-merged.xlsx"))
    with tempfile.TemporaryDirectory() as work:
        source = os.path.join(work, "libreoffice-history.xlsx")
        formulas(source)
        converted = os.path.join(work, "out")
        subprocess.run(["soffice", "--headless", "--convert-to", "xlsx", "--outdir", converted, source], check=True, capture_output=True)
        shutil.copy(os.path.join(converted, "libreoffice-history.xlsx"), os.path.join(OUT, "libreoffice-history.xlsx"))
    result = {name: expected(os.path.join(OUT, name)) for name in ["openpyxl-history.xlsx", "openpyxl-1904.xlsx", "libreoffice-history.xlsx"]}
    with open(os.path.join(OUT, "expected-xlsx.json"), "w", encoding="utf-8") as handle:
        json.dump(result, handle, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
