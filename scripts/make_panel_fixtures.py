#!/usr/bin/env python3
"""Reference fixed-effects fits from pyfixest, linearmodels and statsmodels, on the rows
scripts/make_panel_fixtures.R wrote (Tests/WeightAnalysisTests/Fixtures/panel-data.csv):

    bash scripts/fixture-env.sh        # .venv-fixtures with pyfixest, linearmodels, statsmodels
    .venv-fixtures/bin/python scripts/make_panel_fixtures.py

writes Tests/WeightAnalysisTests/Fixtures/panel-py.csv in panel-r.csv's format.
"""
import os

import numpy as np
import pandas as pd
import pyfixest as pf
import statsmodels.formula.api as smf
from linearmodels.panel import PanelOLS

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "Tests", "WeightAnalysisTests", "Fixtures")
X = ["satisfaction_pct", "response_hours", "first_fix_pct", "resolution_hours", "complaint_resolution_pct",
     "cost_per_ticket", "utilization_pct", "response_hours_lag1"]


def main() -> None:
    d = pd.read_csv(os.path.join(FIXTURES, "panel-data.csv"))
    rows = ["case,term,estimate,se,t,p,df"]

    def coefficients(case, est, se, t, p, df):
        for j in X:
            rows.append(f"{case},{j},{float(est[j])!r},{float(se[j])!r},{float(t[j])!r},{float(p[j])!r},{float(df)!r}")

    def stat(case, name, value):
        rows.append(f"{case},stat:{name},{float(value)!r},0,0,0,0")

    rhs = " + ".join(X)
    g = d["team"].nunique()
    # pyfixest: default small-sample correction (k_fixef="nonnested" = fixest's "nested"), and "full".
    for fe in ["team", "team + month"]:
        tag = fe.replace(" + ", "-")
        for k_fixef in ["nonnested", "full"]:
            m = pf.feols(f"churn_pct ~ {rhs} | {fe}", data=d, vcov={"CRV1": "team"}, ssc=pf.ssc(k_fixef=k_fixef), fixef_tol=1e-14)
            coefficients(f"pyfixest-fe-{tag}-crv1-{k_fixef}", m.coef(), m.se(), m.tstat(), m.pvalue(), g - 1)
        m = pf.feols(f"churn_pct ~ {rhs} | {fe}", data=d, vcov="iid")
        coefficients(f"pyfixest-fe-{tag}-iid", m.coef(), m.se(), m.tstat(), m.pvalue(), m._N - m._k - m._k_fe.sum() + (1 if fe != "team" else 0))
        stat(f"pyfixest-fe-{tag}", "withinRSquared", m._r2_within)
        stat(f"pyfixest-fe-{tag}", "rSquared", m._r2)
    m = pf.feols(f"churn_pct ~ {rhs} | team + month", data=d, vcov={"CRV1": "team+month"}, ssc=pf.ssc(G_df="min"), fixef_tol=1e-14)
    coefficients("pyfixest-fe-team-month-twoway-nonnested", m.coef(), m.se(), m.tstat(), m.pvalue(), min(g, d["month"].nunique()) - 1)
    m = pf.feols(f"churn_pct ~ {rhs} | team + month", data=d, weights="tickets", vcov={"CRV1": "team"})
    coefficients("pyfixest-wls-fe-team-month-crv1-nonnested", m.coef(), m.se(), m.tstat(), m.pvalue(), g - 1)

    # linearmodels PanelOLS with entity and time effects: estimates and the unadjusted covariance.
    panel = d.assign(period=pd.to_datetime(d["month"] + "-01")).set_index(["team", "period"])
    r = PanelOLS(panel["churn_pct"], panel[X], entity_effects=True, time_effects=True).fit(cov_type="unadjusted")
    coefficients("linearmodels-fe-team-month-iid", r.params, r.std_errors, r.tstats, r.pvalues, r.df_resid)
    # (linearmodels' rsquared_within is the R² after entity demeaning only, not fixest's within
    # R² of the two-way transformation, so it is not compared.)

    # statsmodels: the regression with dummies, clustered by team (every dummy in K).
    f = smf.ols(f"churn_pct ~ {rhs} + C(team) + C(month)", data=d).fit(cov_type="cluster", cov_kwds={"groups": pd.factorize(d["team"])[0]}, use_t=True)
    coefficients("statsmodels-fe-team-month-cluster-all", f.params, f.bse, f.tvalues, f.pvalues, g - 1)

    tmp = os.path.join(FIXTURES, "panel-py.csv.tmp")
    with open(tmp, "w") as handle:
        handle.write("\n".join(rows) + "\n")
    os.replace(tmp, os.path.join(FIXTURES, "panel-py.csv"))


if __name__ == "__main__":
    main()
