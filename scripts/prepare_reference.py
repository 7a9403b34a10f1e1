#!/usr/bin/env python3
"""pandas reference for `kpi-weights prepare` on datasets/helpdesk-tickets.gbk.csv with the two
shipped specs (team × month, per customer). Prints CSV to stdout; the tests compare it with the
tool's output to 1e-12 (scripts are not the tool: pandas is the outside reference).

    python scripts/prepare_reference.py team-month|customer datasets/helpdesk-tickets.gbk.csv
"""
import sys

import numpy as np
import pandas as pd


def load(path):
    frame = pd.read_csv(path, encoding="gbk", dtype=str, keep_default_na=False)
    stamps = {}
    keep = pd.Series(True, index=frame.index)
    for name in ["创建时间", "首次响应时间", "解决时间"]:
        text = frame[name]
        parsed = pd.to_datetime(text, format="%Y/%m/%d %H:%M", errors="coerce")
        keep &= ~((text != "") & parsed.isna())  # unreadable timestamps drop the row
        stamps[name] = parsed
    keep &= stamps["创建时间"].notna()
    response = (stamps["首次响应时间"] - stamps["创建时间"]).dt.total_seconds() / 3600
    resolution = (stamps["解决时间"] - stamps["创建时间"]).dt.total_seconds() / 3600
    keep &= ~(response < 0) & ~(resolution < 0)
    frame = frame.assign(response=response, resolution=resolution, month=stamps["创建时间"].dt.strftime("%Y-%m"))
    frame = frame[keep & (frame["所属团队"] != "")]
    score = pd.to_numeric(frame["满意度评分"].replace("", np.nan))
    cost = pd.to_numeric(frame["处理成本(元)"].replace("", np.nan))
    return frame.assign(score=score, cost=cost)


def team_month(frame):
    rows = []
    for (team, month), g in frame.groupby(["所属团队", "month"], sort=True):
        rated = g[g["score"].notna()]
        customers = g[g["客户编号"] != ""]
        rows.append({
            "所属团队": team, "month": month,
            "response_hours": g["response"].dropna().mean(),
            "resolution_hours": g["resolution"].dropna().median(),
            "satisfaction_pct": 100 * (rated["score"] >= 4).mean() if len(rated) else np.nan,
            "first_fix_pct": 100 * (g["是否重开"] == "否").mean(),
            "cost_per_ticket": g["cost"].dropna().mean(),
            "tickets": len(g),
            "churn_pct": 100 * customers.loc[customers["客户是否流失"] == "是", "客户编号"].nunique() / customers["客户编号"].nunique(),
        })
    return pd.DataFrame(rows)


def customer(frame):
    rows = []
    for key, g in frame[frame["客户编号"] != ""].groupby("客户编号", sort=True):
        rated = g[g["score"].notna()]
        rows.append({
            "客户编号": key,
            "response_hours": g["response"].dropna().mean(),
            "satisfaction_pct": 100 * (rated["score"] >= 4).mean() if len(rated) else np.nan,
            "first_fix_pct": 100 * (g["是否重开"] == "否").mean(),
            "tickets": len(g),
            "churned": int((g["客户是否流失"] == "是").any()),
        })
    return pd.DataFrame(rows)


if __name__ == "__main__":
    data = load(sys.argv[2])
    table = team_month(data) if sys.argv[1] == "team-month" else customer(data)
    sys.stdout.write(table.to_csv(index=False, float_format="%.17g"))
