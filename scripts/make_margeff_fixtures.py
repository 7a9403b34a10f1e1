#!/usr/bin/env python3
"""Average marginal effects of the bundled customers' logistic fit from statsmodels:

    .venv/bin/python scripts/make_margeff_fixtures.py

writes Tests/WeightAnalysisTests/Fixtures/margeff-statsmodels.json: `Logit(...).fit().get_margeff(
at="overall", method="dydx")` (the effect, its delta-method standard error, z, p and 95% interval),
with the classical and the clustered-by-team covariance.
"""
import json
import os

import pandas as pd
import statsmodels.api as sm

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
X = ["satisfaction_pct", "response_hours", "first_fix_pct", "resolution_hours", "complaint_resolution_pct",
     "cost_per_ticket", "utilization_pct"]


def main() -> None:
    d = pd.read_csv(os.path.join(ROOT, "datasets", "customers.csv"))
    model = sm.Logit(d["churned"], sm.add_constant(d[X]))
    out = {"peer": f"statsmodels {sm.__version__} Logit.get_margeff(at='overall', method='dydx')", "indicators": X}
    for name, kwargs in [("iid", {}), ("cluster-team", {"cov_type": "cluster", "cov_kwds": {"groups": pd.factorize(d["team"])[0]}})]:
        fit = model.fit(method="newton", tol=1e-14, maxiter=100, disp=False, **kwargs)
        m = fit.get_margeff(at="overall", method="dydx")
        ci = m.conf_int()
        out[name] = {"effect": list(map(float, m.margeff)), "se": list(map(float, m.margeff_se)), "z": list(map(float, m.tvalues)),
                     "p": list(map(float, m.pvalues)), "ciLow": list(map(float, ci[:, 0])), "ciHigh": list(map(float, ci[:, 1]))}
    path = os.path.join(ROOT, "Tests", "WeightAnalysisTests", "Fixtures", "margeff-statsmodels.json")
    with open(path + ".tmp", "w") as handle:
        json.dump(out, handle, indent=1)
    os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()
