#!/usr/bin/env python3
"""pandas doing what `kpi-weights score` does, as one process: read the CSV and the JSON weight
config, points per indicator under each scoring rule (min-max within the period), the weighted
score rounded to hundredths, base and performance pay in integer cents (rounded half up), the
per-period summary and the consecutive-periods warnings, and the scores written as CSV.

    python score_peer.py CONFIG.json DATA.csv OUT.csv
"""
import json
import sys

import numpy as np
import pandas as pd


def points(rule, x, direction, period):
    kind = rule["kind"]
    higher = direction == "higher"
    if kind == "minmax":
        low = x.groupby(period).transform("min")
        high = x.groupby(period).transform("max")
        span = high - low
        raw = np.where(span == 0, 10.0, 10 * ((x - low) if higher else (high - x)) / span.where(span != 0, 1))
    elif kind == "linear":
        shortfall = (rule["full"] - x) if higher else (x - rule["full"])
        raw = np.where(shortfall <= 0, 10.0, 10 - rule["points"] * np.ceil(shortfall / rule["step"]))
    elif kind == "targets":
        limits = rule["limits"]
        if not higher:
            conditions = [x <= item["limit"] for item in limits]
        else:
            limits = sorted(limits, key=lambda item: -item["limit"])
            conditions = [x >= item["limit"] for item in limits]
        raw = np.select(conditions, [item["points"] for item in limits], default=rule["beyond"])
    elif kind == "steps":
        raw = np.zeros(len(x))
        for edge in rule["edges"]:
            raw = np.where(x >= edge["from"], edge["points"], raw)
    else:
        raise ValueError(kind)
    return np.clip(raw, 0, 10)


def main(config_path, data_path, out_path):
    with open(config_path, encoding="utf-8") as handle:
        config = json.load(handle)
    frame = pd.read_csv(data_path, dtype={"team": str, "month": str, "salary": str})
    policy = config["payPolicy"]
    period = frame["month"]
    total = np.zeros(len(frame))
    columns = {}
    for indicator in config["indicators"]:
        p = points(indicator["scoring"], frame[indicator["id"]], indicator["direction"], period)
        columns["points_" + indicator["id"]] = p
        total += indicator["weight"] * p
    hundredths = np.floor(total * 100 + 0.5).astype(np.int64)
    # Integer cents: "12345.67" → 1234567, then one multiplication and division rounded half up.
    parts = frame["salary"].str.split(".", n=1, expand=True)
    cents = parts[0].astype(np.int64) * 100 + parts[1].fillna("0").str.ljust(2, "0").astype(np.int64)
    base_bp = round(policy["baseShare"] * 10_000)
    performance_bp = round(policy["performanceShare"] * 10_000)
    def scaled(value, numerator, denominator):
        quotient, remainder = np.divmod(value * numerator, denominator)
        return quotient + (2 * remainder >= denominator)
    base = scaled(cents.to_numpy(), base_bp, 10_000)
    performance = scaled(cents.to_numpy(), performance_bp * hundredths, 10_000_000)
    score = hundredths / 100
    out = pd.DataFrame({"entity": frame["team"], "period": period, "score": score, **columns,
                        "basePay": base, "performancePay": performance, "totalPay": base + performance})
    # Per-period summary and runs of periods below the warning threshold.
    summary = out.groupby("period")["score"].describe(percentiles=[0.1, 0.5, 0.9])
    below = out["score"] < policy["warningThreshold"]
    ordered = out.assign(below=below).sort_values(["entity", "period"])
    run_id = (ordered["below"] != ordered.groupby("entity")["below"].shift()).cumsum()
    runs = ordered[ordered["below"]].groupby(run_id).size()
    warnings = int((runs >= policy["warningPeriods"]).sum())
    # Two-decimal text from integers (hundredths, cents): exact, and far faster than float_format.
    def fixed2(values):
        values = pd.Series(values)
        return (values // 100).astype(str) + "." + (values % 100).astype(str).str.zfill(2)
    out["score"] = fixed2(hundredths)
    for name in ("basePay", "performancePay", "totalPay"):
        out[name] = fixed2(out[name])
    out.to_csv(out_path, index=False)
    print(f"rows={len(out)} periods={len(summary)} warnings={warnings}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
