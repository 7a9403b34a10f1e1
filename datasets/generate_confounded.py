#!/usr/bin/env python3
"""Generate the bundled confounded team x month history (seeded, reproducible).

    python3 datasets/generate_confounded.py   # writes datasets/confounded-history.csv

40 teams x 36 months (2023-01 .. 2025-12), with the trap issue 12 is about: each team has a
persistent customer mix (its share of enterprise accounts, `mix`, not in the file) that both
SLOWS its responses (enterprise tickets are harder) and LOWERS its churn (enterprise customers
stay). Churn reacts to LAST month's response time, not this month's. The TRUE effects on
churn_pct, per unit of each indicator:

  churn_pct = 9.0 - 0.12*(satisfaction_pct-85) + 0.10*(response_hours[last month]-8)
              - 0.035*(first_fix_pct-72) - 0.050*(complaint_resolution_pct-90)
              + 0*resolution_hours + 0*cost_per_ticket + 0*utilization_pct
              - 1.1*mix + month effect (sd 0.25, common to all teams) + noise (sd 0.45)

  response_hours = exp(log 8 + 0.30*mix + 0.12*season + u),  u an AR(1) per team (rho 0.55, sd 0.22)

Pooled OLS on this month's response time gives it the WRONG sign (the mix makes slow teams
churn less); fixed effects for team (and month) with `--lag response_hours=1` recover +0.10.
`tickets` (tickets handled in the team-month, about 60-260) is the natural observation weight.
Only numpy is needed; the seed is fixed, so the file is byte-for-byte reproducible.
"""
import os

import numpy as np

from generate import write_csv

SEED = 20261202
TEAMS = 40
MONTHS = 36


def main() -> None:
    rng = np.random.default_rng(SEED)
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "confounded-history.csv")
    mix = rng.normal(0, 1, TEAMS)
    month_effect = rng.normal(0, 0.25, MONTHS)
    rows = []
    for t in range(TEAMS):
        u = rng.normal(0, 0.22)
        previous = float(np.exp(np.log(8) + 0.30 * mix[t] + u))  # the month before the file starts
        size = float(np.exp(np.log(140) + 0.25 * mix[t]))
        for m in range(MONTHS):
            year, month = 2023 + m // 12, m % 12 + 1
            season = np.sin(2 * np.pi * month / 12)
            u = 0.55 * u + rng.normal(0, 0.22 * np.sqrt(1 - 0.55 ** 2))
            response = float(np.exp(np.log(8) + 0.30 * mix[t] + 0.12 * season + u))
            q = rng.normal(0, 1)
            first_fix = float(np.clip(72 + 4.0 * q + rng.normal(0, 4), 35, 98))
            resolution = float(np.clip(30 + 1.1 * (response - 8) - 0.40 * (first_fix - 72) + rng.normal(0, 5), 4, 120))
            satisfaction = float(np.clip(85 + 2.0 * q - 0.25 * (response - 8) + rng.normal(0, 2.2), 55, 99.5))
            complaint = float(np.clip(90 + 1.5 * q + rng.normal(0, 2.5), 60, 100))
            cost = float(np.clip(180 + 1.5 * (resolution - 30) + 10 * mix[t] + rng.normal(0, 15), 60, 400))
            utilisation = float(np.clip(78 + 5 * season + rng.normal(0, 5), 40, 99))
            tickets = int(max(20, round(size * np.exp(rng.normal(0, 0.2)))))
            churn = (9.0 - 0.12 * (satisfaction - 85) + 0.10 * (previous - 8) - 0.035 * (first_fix - 72)
                     - 0.050 * (complaint - 90) - 1.1 * mix[t] + month_effect[m] + rng.normal(0, 0.45))
            rows.append([
                f"T{t + 1:02d}", f"{year}-{month:02d}", str(tickets),
                f"{satisfaction:.1f}", f"{response:.2f}", f"{first_fix:.1f}", f"{resolution:.1f}",
                f"{complaint:.1f}", f"{cost:.2f}", f"{utilisation:.1f}", f"{max(churn, 0.2):.2f}",
            ])
            previous = float(f"{response:.2f}")
    header = ["team", "month", "tickets", "satisfaction_pct", "response_hours", "first_fix_pct", "resolution_hours",
              "complaint_resolution_pct", "cost_per_ticket", "utilization_pct", "churn_pct"]
    write_csv(out, header, rows)

if __name__ == "__main__":
    main()
