#!/usr/bin/env python3
"""Seeded ticket-level helpdesk export, as analysts get it: Chinese headers, 是/否 flags,
timestamps written `YYYY/MM/DD HH:MM`, unrated tickets (blank score), unanswered tickets (blank
first response), and three broken rows (a first response before creation, an unreadable
timestamp). Written as GBK CSV, the way Chinese Excel saves "CSV", and as an Excel workbook
(sheet 工单) whose timestamps are date cells, scores and costs numbers, blanks absent cells.

    python3 datasets/generate_tickets.py   # writes datasets/helpdesk-tickets.gbk.csv and .xlsx

True process (per ticket): response hours ~ Gamma(2, team speed), resolution hours ~ response +
Gamma(3, 6), reopened with probability 0.08 + 0.01·response hours, satisfaction 1–5 falling with
response time and reopening; a customer churns with probability
logistic(−2.2 + 0.06·mean response hours − 0.5·(mean score − 3)).
"""
import csv
import math
import os

import numpy as np

SEED = 20261202
TEAMS = ["华东一组", "华东二组", "华南一组", "华南二组", "华北一组", "华北二组", "西南组", "东北组"]
SPEED = [2.0, 2.6, 3.2, 1.6, 4.0, 2.2, 3.6, 2.8]  # Gamma scale of response hours per team
HEADERS = ["工单编号", "所属团队", "客户编号", "创建时间", "首次响应时间", "解决时间", "满意度评分", "是否重开", "处理成本(元)", "客户是否流失"]


def stamp(minutes):
    """Minutes since 2025-01-01 00:00 as `YYYY/MM/DD HH:MM`."""
    days, rest = divmod(int(minutes), 1440)
    y, m, d = 2025, 1, 1 + days
    month_days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    while d > month_days[m - 1]:
        d -= month_days[m - 1]
        m += 1
        if m > 12:
            m, y = 1, y + 1
    return f"{y}/{m:02d}/{d:02d} {rest // 60:02d}:{rest % 60:02d}"


def main(path, tickets=2400):
    rng = np.random.default_rng(SEED)
    customers = 600
    customer_team = rng.integers(0, len(TEAMS), customers)
    rows = []
    per_customer = {c: [] for c in range(customers)}
    for k in range(tickets):
        c = int(rng.integers(0, customers))
        team = int(customer_team[c])
        created = rng.uniform(0, 181 * 1440)  # 2025-01-01 … 2025-06-30
        response = rng.gamma(2.0, SPEED[team])
        resolution = response + rng.gamma(3.0, 6.0)
        reopened = rng.uniform() < 0.08 + 0.01 * response
        score = int(np.clip(round(4.6 - 0.08 * response - 0.9 * reopened + rng.normal(0, 0.6)), 1, 5))
        rated = rng.uniform() < 0.7
        cost = 80 + 4.0 * resolution + rng.normal(0, 15)
        answered = rng.uniform() > 0.02
        per_customer[c].append((response, score if rated else None))
        rows.append([f"T{k + 1:05d}", TEAMS[team], f"C{c + 1:04d}", stamp(created), stamp(created + response * 60) if answered else "",
                     stamp(created + resolution * 60), str(score) if rated else "", "是" if reopened else "否", f"{cost:.2f}", None])
    churned = {}
    for c, items in per_customer.items():
        if not items:
            continue
        mean_response = sum(r for r, _ in items) / len(items)
        scores = [s for _, s in items if s is not None]
        mean_score = sum(scores) / len(scores) if scores else 3
        p = 1 / (1 + math.exp(-(-2.2 + 0.06 * mean_response - 0.5 * (mean_score - 3))))
        churned[c] = rng.uniform() < p
    for row in rows:
        row[9] = "是" if churned[int(row[2][1:]) - 1] else "否"
    # Broken rows, as real exports have them.
    rows[10][4] = stamp(0)          # first response before creation
    rows[11][4] = stamp(60)         # first response before creation
    rows[12][3] = "待定"            # unreadable timestamp
    with open(path, "w", encoding="gbk", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(HEADERS)
        writer.writerows(rows)
    write_workbook(path.replace(".gbk.csv", ".xlsx"), rows)


def write_workbook(path, rows):
    """The same tickets as a workbook: timestamps as date cells (yyyy/mm/dd hh:mm), scores and
    costs as numbers, empty cells absent, the unreadable timestamp left as its text."""
    import datetime
    import openpyxl
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "工单"
    sheet.append(HEADERS)
    for row in rows:
        cells = []
        for k, value in enumerate(row):
            if value == "":
                cells.append(None)
            elif k in (3, 4, 5) and value != "待定":
                cells.append(datetime.datetime.strptime(value, "%Y/%m/%d %H:%M"))
            elif k == 6:
                cells.append(int(value))
            elif k == 8:
                cells.append(float(value))
            else:
                cells.append(value)
        sheet.append(cells)
    for row in sheet.iter_rows(min_row=2, min_col=4, max_col=6):
        for cell in row:
            if isinstance(cell.value, datetime.datetime):
                cell.number_format = "yyyy/mm/dd hh:mm"
    fixed = datetime.datetime(2026, 1, 1)
    book.properties.created = fixed
    book.properties.modified = fixed
    book.save(path)


if __name__ == "__main__":
    main(os.path.join(os.path.dirname(os.path.abspath(__file__)), "helpdesk-tickets.gbk.csv"))
