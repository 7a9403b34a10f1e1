#!/usr/bin/env python3
"""Generate the bundled synthetic after-sales history (seeded, reproducible).

    python3 datasets/generate.py            # writes datasets/after-sales-history.csv

40 teams x 36 months (2023-01 .. 2025-12). Each team has a persistent quality level and its
own noise; indicators are correlated the way they are in real service data (slow response
goes with long resolution, a high first-time-fix rate with short resolution, cost with
resolution time). The TRUE monthly effects on the outcomes are (per unit of each indicator):

  churn_pct           = 9.0 - 0.12*(satisfaction_pct-85) + 0.10*(response_hours-8)
                        - 0.035*(first_fix_pct-72) + 0.020*(resolution_hours-30)
                        - 0.050*(complaint_resolution_pct-90) + 0*cost + 0*utilisation
                        + team effect (sd 0.35) + noise (sd 0.55)
  repeat_purchase_pct = 32 + 0.45*(satisfaction_pct-85) - 0.30*(response_hours-8)
                        + 0.06*(first_fix_pct-72) - 0.010*(resolution_hours-30)
                        + 0.08*(complaint_resolution_pct-90) + 0*cost + 0*utilisation
                        + team effect (sd 0.8) + noise (sd 1.2)

cost_per_ticket and utilization_pct have no true effect: a fit should give them ~0 weight.
Eight cells are left empty (missing), as real exports have.
Only numpy is needed. The seed is fixed, so the file is byte-for-byte reproducible.
"""
import csv
import os

import numpy as np

SEED = 20261129
TEAMS = 40
MONTHS = 36


def main() -> None:
    rng = np.random.default_rng(SEED)
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "after-sales-history.csv")
    quality = rng.normal(0, 1, TEAMS)          # persistent team quality
    churn_team = rng.normal(0, 0.35, TEAMS)
    repeat_team = rng.normal(0, 0.8, TEAMS)
    rows = []
    for t in range(TEAMS):
        for m in range(MONTHS):
            year, month = 2023 + m // 12, m % 12 + 1
            season = np.sin(2 * np.pi * month / 12)          # busier around mid-year
            q = quality[t] + rng.normal(0, 0.6)
            response = float(np.exp(np.log(8) - 0.25 * q + 0.15 * season + rng.normal(0, 0.30)))
            first_fix = float(np.clip(72 + 5.5 * q + rng.normal(0, 5), 35, 98))
            resolution = float(np.clip(30 + 1.2 * (response - 8) - 0.45 * (first_fix - 72) + rng.normal(0, 6), 4, 120))
            satisfaction = float(np.clip(85 + 2.8 * q - 0.20 * (response - 8) + rng.normal(0, 2.6), 55, 99.5))
            complaint = float(np.clip(90 + 2.0 * q + rng.normal(0, 2.8), 60, 100))
            cost = float(np.clip(180 + 1.6 * (resolution - 30) - 8 * q + rng.normal(0, 18), 60, 400))
            utilisation = float(np.clip(78 + 6 * season + rng.normal(0, 6), 40, 99))
            churn = (9.0 - 0.12 * (satisfaction - 85) + 0.10 * (response - 8) - 0.035 * (first_fix - 72)
                     + 0.020 * (resolution - 30) - 0.050 * (complaint - 90) + churn_team[t] + rng.normal(0, 0.55))
            repeat = (32 + 0.45 * (satisfaction - 85) - 0.30 * (response - 8) + 0.06 * (first_fix - 72)
                      - 0.010 * (resolution - 30) + 0.08 * (complaint - 90) + repeat_team[t] + rng.normal(0, 1.2))
            rows.append([
                f"T{t + 1:02d}", f"{year}-{month:02d}",
                f"{satisfaction:.1f}", f"{response:.2f}", f"{first_fix:.1f}", f"{resolution:.1f}",
                f"{complaint:.1f}", f"{cost:.2f}", f"{utilisation:.1f}",
                f"{max(churn, 0.2):.2f}", f"{max(repeat, 1.0):.2f}",
            ])
    # A few empty cells, as real exports have.
    for index in rng.choice(len(rows), size=8, replace=False):
        column = int(rng.choice([3, 7, 8]))
        rows[int(index)][column] = ""
    header = ["team", "month", "satisfaction_pct", "response_hours", "first_fix_pct", "resolution_hours",
              "complaint_resolution_pct", "cost_per_ticket", "utilization_pct", "churn_pct", "repeat_purchase_pct"]
    write_csv(out, header, rows)


def write_csv(out, header, rows):
    """Writes the rows atomically (a temporary file, then a rename), UTF-8 with LF line ends."""
    tmp = out + ".tmp"
    with open(tmp, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    os.replace(tmp, out)
    print(f"wrote {out}: {len(rows)} rows")


if __name__ == "__main__":
    main()
