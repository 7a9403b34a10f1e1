#!/usr/bin/env python3
"""Generate the bundled per-customer churn table (seeded, reproducible).

    python3 datasets/generate_customers.py   # writes datasets/customers.csv

2,000 customers of 40 teams, each with the service it experienced over a year (its tickets'
averages) and whether it churned (0/1). The TRUE model is logistic:

  logit P(churned) = -2.0 - 0.060*(satisfaction_pct-85) + 0.090*(response_hours-8)
                     - 0.020*(first_fix_pct-72) + 0.015*(resolution_hours-30)
                     - 0.030*(complaint_resolution_pct-90) + 0*cost_per_ticket + 0*utilization_pct

so `kpi-weights fit --outcome churned` (a logistic model, dominance weights by default) should
rank satisfaction and response time first and give cost and utilisation about nothing.
Only numpy is needed; the seed is fixed, so the file is byte-for-byte reproducible.
"""
import os

import numpy as np

from generate import write_csv

SEED = 20261203
CUSTOMERS = 2000
TEAMS = 40


def main() -> None:
    rng = np.random.default_rng(SEED)
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "customers.csv")
    quality = rng.normal(0, 1, TEAMS)
    rows = []
    for c in range(CUSTOMERS):
        t = int(rng.integers(0, TEAMS))
        q = quality[t] + rng.normal(0, 0.8)
        response = float(np.exp(np.log(8) - 0.25 * q + rng.normal(0, 0.35)))
        first_fix = float(np.clip(72 + 6 * q + rng.normal(0, 8), 20, 100))
        resolution = float(np.clip(30 + 1.2 * (response - 8) - 0.4 * (first_fix - 72) + rng.normal(0, 7), 3, 150))
        satisfaction = float(np.clip(85 + 3 * q - 0.3 * (response - 8) + rng.normal(0, 4), 40, 100))
        complaint = float(np.clip(90 + 2 * q + rng.normal(0, 4), 50, 100))
        cost = float(np.clip(180 + 1.5 * (resolution - 30) - 6 * q + rng.normal(0, 20), 60, 400))
        utilisation = float(np.clip(78 + rng.normal(0, 6), 40, 99))
        eta = (-2.0 - 0.060 * (satisfaction - 85) + 0.090 * (response - 8) - 0.020 * (first_fix - 72)
               + 0.015 * (resolution - 30) - 0.030 * (complaint - 90))
        churned = int(rng.random() < 1 / (1 + np.exp(-eta)))
        rows.append([f"C{c + 1:04d}", f"T{t + 1:02d}", f"{satisfaction:.1f}", f"{response:.2f}", f"{first_fix:.1f}",
                     f"{resolution:.1f}", f"{complaint:.1f}", f"{cost:.2f}", f"{utilisation:.1f}", str(churned)])
    header = ["customer", "team", "satisfaction_pct", "response_hours", "first_fix_pct", "resolution_hours",
              "complaint_resolution_pct", "cost_per_ticket", "utilization_pct", "churned"]
    write_csv(out, header, rows)


if __name__ == "__main__":
    main()
