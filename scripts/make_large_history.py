"""A large generated history for the agreement tests of issue 17 (every route against the in-memory fit).

    python scripts/make_large_history.py ROWS PATH

Writes ROWS distinct team-month-like rows (seeded, so the same file every time): 500 teams with
their own level of churn and of two indicators (so the errors must be clustered), seven
indicators correlated with each other, churn driven by five of them, and about 0.1% of cells
empty (missing) in two indicators. Values have two decimals (churn three), so a database can hold
them as exact numeric(10,2)/numeric(10,3). The file is written to PATH.tmp and renamed.
"""
import os
import sys

import numpy as np

COLUMNS = ["satisfaction_pct", "response_hours", "first_fix_pct", "resolution_hours", "complaint_resolution_pct",
           "cost_per_ticket", "utilization_pct", "churn_pct"]
TEAMS = 500


def make(rows, path):
    rng = np.random.default_rng(20261204)
    team = rng.integers(0, TEAMS, rows)
    month = rng.integers(0, 48, rows)
    team_level = rng.normal(0, 1, TEAMS)
    shared = rng.normal(0, 1, rows)
    x = np.column_stack([
        85 + 3 * shared + 1.5 * team_level[team] + rng.normal(0, 4, rows),
        rng.gamma(4, 1.5, rows) - 0.8 * shared + 2.5,
        75 + 2 * shared + rng.normal(0, 7, rows),
        rng.gamma(6, 4, rows) + 2 * team_level[team] + 8,
        90 + rng.normal(0, 4, rows),
        120 + 10 * team_level[team] + rng.normal(0, 25, rows),
        80 + rng.normal(0, 6, rows),
    ])
    churn = (30 - 0.2 * x[:, 0] + 0.3 * x[:, 1] - 0.1 * x[:, 2] + 0.05 * x[:, 3] - 0.05 * x[:, 4]
             + 0.004 * x[:, 5] + 0.8 * team_level[team] + rng.normal(0, 1, rows))
    missing_response = rng.random(rows) < 0.001
    missing_cost = rng.random(rows) < 0.001
    with open(path + ".tmp", "w", encoding="utf-8", newline="") as out:
        out.write("team,month," + ",".join(COLUMNS) + "\n")
        step = 200_000
        for start in range(0, rows, step):
            stop = min(rows, start + step)
            lines = []
            for i in range(start, stop):
                a, b, c, d, e, f, g = x[i]
                response = "" if missing_response[i] else f"{b:.2f}"
                cost = "" if missing_cost[i] else f"{f:.2f}"
                lines.append(f"T{team[i]:03d},{2021 + month[i] // 12}-{month[i] % 12 + 1:02d},{a:.2f},{response},{c:.2f},"
                             f"{d:.2f},{e:.2f},{cost},{g:.2f},{churn[i]:.3f}\n")
            out.write("".join(lines))
    os.replace(path + ".tmp", path)


if __name__ == "__main__":
    make(int(sys.argv[1]), sys.argv[2])
