#!/usr/bin/env python3
"""Logistic relative weights (Tonidandel & LeBreton 2010) of the bundled customers, in numpy from
the paper's formulas, with statsmodels for the logistic fit on the orthogonal counterparts:

    .venv/bin/python scripts/make_logistic_rw_fixtures.py

writes Tests/WeightAnalysisTests/Fixtures/logistic-rw.json. Written independently of the Swift code:
the orthogonal counterparts come from the SVD of the standardised data (Z = √(n−1) P Qᵀ), Λ from
regressing X on Z.
"""
import json
import os

import numpy as np
import pandas as pd
import statsmodels.api as sm

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
X_NAMES = ["satisfaction_pct", "response_hours", "first_fix_pct", "resolution_hours", "complaint_resolution_pct",
           "cost_per_ticket", "utilization_pct"]


def main() -> None:
    d = pd.read_csv(os.path.join(ROOT, "datasets", "customers.csv"))
    y = d["churned"].to_numpy(dtype=float)
    X = d[X_NAMES].to_numpy(dtype=float)
    n = len(y)
    Xs = (X - X.mean(axis=0)) / X.std(axis=0, ddof=1)
    P, _, Qt = np.linalg.svd(Xs, full_matrices=False)
    Z = np.sqrt(n - 1) * P @ Qt
    Lambda = np.linalg.lstsq(Z, Xs, rcond=None)[0]  # X = Z Λ
    fit = sm.Logit(y, sm.add_constant(Z)).fit(method="newton", tol=1e-14, maxiter=100, disp=False)
    b = fit.params[1:]
    eta = fit.fittedvalues
    mu = 1 / (1 + np.exp(-eta))
    r = np.corrcoef(y, mu)[0, 1]
    beta = b * r / np.std(eta, ddof=1)
    epsilon = (Lambda.T ** 2) @ (beta ** 2)
    out = {"indicators": X_NAMES, "epsilon": list(map(float, epsilon)), "rSquared": float(r * r),
           "method": "Tonidandel & LeBreton (2010), numpy + statsmodels Logit"}
    path = os.path.join(ROOT, "Tests", "WeightAnalysisTests", "Fixtures", "logistic-rw.json")
    with open(path + ".tmp", "w") as handle:
        json.dump(out, handle, indent=1)
    os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()
