#!/usr/bin/env python3
"""pandas doing what `kpi-weights prepare --spec datasets/helpdesk.prepare.yaml` does, as one
process and vectorised (groupby/agg): read the ticket CSV, durations from timestamps, drop
unreadable and negative ones, one row per team and month with the seven measures, write CSV.

    python prepare_peer.py TICKETS.csv OUT.csv
"""
import sys

import numpy as np
import pandas as pd


def main(path, out_path):
    frame = pd.read_csv(path, dtype={"所属团队": str, "客户编号": str, "是否重开": str, "客户是否流失": str,
                                     "创建时间": str, "首次响应时间": str, "解决时间": str})
    stamps = {}
    keep = pd.Series(True, index=frame.index)
    for name in ["创建时间", "首次响应时间", "解决时间"]:
        text = frame[name]
        parsed = pd.to_datetime(text, format="ISO8601", errors="coerce")
        keep &= ~(text.notna() & parsed.isna())
        stamps[name] = parsed
    keep &= stamps["创建时间"].notna()
    response = (stamps["首次响应时间"] - stamps["创建时间"]).dt.total_seconds() / 3600
    resolution = (stamps["解决时间"] - stamps["创建时间"]).dt.total_seconds() / 3600
    keep &= ~(response < 0) & ~(resolution < 0)
    frame = frame.assign(response=response, resolution=resolution, month=stamps["创建时间"].dt.strftime("%Y-%m"))[keep]
    frame = frame[frame["所属团队"].notna()]
    keys = [frame["所属团队"], frame["month"]]
    rated = frame["满意度评分"].notna()
    g = frame.groupby(keys)
    churned = frame[frame["客户是否流失"] == "是"]
    table = pd.DataFrame({
        "response_hours": g["response"].mean(),
        "resolution_hours": g["resolution"].median(),
        "satisfaction_pct": 100 * (frame["满意度评分"] >= 4).groupby(keys).sum() / rated.groupby(keys).sum(),
        "first_fix_pct": 100 * (frame["是否重开"] == "否").groupby(keys).mean(),
        "cost_per_ticket": g["处理成本(元)"].mean(),
        "tickets": g.size(),
        "churn_pct": 100 * churned.groupby([churned["所属团队"], churned["month"]])["客户编号"].nunique() / g["客户编号"].nunique(),
    }).fillna({"churn_pct": 0.0}).reset_index()
    table.to_csv(out_path, index=False, float_format="%.17g")
    print(f"rows_in={len(frame)} groups={len(table)}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
