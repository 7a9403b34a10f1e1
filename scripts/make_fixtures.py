#!/usr/bin/env python3
"""Generate the outside-reference fixtures the Swift tests compare against.

    .venv/bin/python scripts/make_fixtures.py

Writes (committed; re-run only to refresh, and review the diff):
  Tests/WeightAnalysisTests/Fixtures/aftersales_small.csv         small after-sales dataset
  Tests/WeightAnalysisTests/Fixtures/statsmodels_ols.json          statsmodels OLS on it
  Tests/WeightAnalysisTests/Fixtures/scipy_distributions.json      scipy special functions / t / F
  Tests/LinearAlgebraTests/Fixtures/constrained_problems.json      GLSE, bounded sum-to-one LS, NNLS

Peers: statsmodels (OLS, variance_inflation_factor), scipy.special.betainc, scipy.stats.t/f,
scipy.optimize.nnls, scipy.linalg.lapack-free references for GLSE and the bounded problem
(KKT systems solved with numpy; the bounded problem by enumerating every active set, which is
exact for the small sizes used, and cross-checked with scipy SLSQP).
"""
import itertools
import json
import os
import sys

import mpmath

import numpy as np
import pandas as pd
import scipy
import scipy.optimize as so
import scipy.special as sp
import scipy.stats as st
import statsmodels
import statsmodels.api as sm
from statsmodels.stats.outliers_influence import variance_inflation_factor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WA = os.path.join(ROOT, "Tests", "WeightAnalysisTests", "Fixtures")
LA = os.path.join(ROOT, "Tests", "LinearAlgebraTests", "Fixtures")


def dump(path, obj):
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(obj, handle, indent=1, sort_keys=True)
        handle.write("\n")
    print("wrote", os.path.relpath(path, ROOT))


def ols_fixture():
    # 60 rows of a small after-sales history (seeded), five indicators.
    rng = np.random.default_rng(7)
    n = 60
    q = rng.normal(0, 1, n)
    sat = 85 + 3 * q + rng.normal(0, 2.5, n)
    resp = np.exp(np.log(8) - 0.25 * q + rng.normal(0, 0.3, n))
    ff = 72 + 5 * q + rng.normal(0, 5, n)
    res = 30 + 1.2 * (resp - 8) - 0.4 * (ff - 72) + rng.normal(0, 6, n)
    cost = 180 + 1.5 * (res - 30) + rng.normal(0, 18, n)
    churn = 9 - 0.12 * (sat - 85) + 0.1 * (resp - 8) - 0.035 * (ff - 72) + 0.02 * (res - 30) + rng.normal(0, 0.6, n)
    df = pd.DataFrame({
        "team": [f"T{i % 6 + 1:02d}" for i in range(n)],
        "satisfaction_pct": np.round(sat, 1), "response_hours": np.round(resp, 2), "first_fix_pct": np.round(ff, 1),
        "resolution_hours": np.round(res, 1), "cost_per_ticket": np.round(cost, 2), "churn_pct": np.round(churn, 2),
    })
    df.to_csv(os.path.join(WA, "aftersales_small.csv"), index=False, lineterminator="\n")
    data = pd.read_csv(os.path.join(WA, "aftersales_small.csv"), encoding="utf-8-sig")
    names = ["satisfaction_pct", "response_hours", "first_fix_pct", "resolution_hours", "cost_per_ticket"]
    out = {"versions": {"statsmodels": statsmodels.__version__, "numpy": np.__version__, "scipy": scipy.__version__}}
    for label, with_const in (("intercept", True), ("noIntercept", False)):
        X = data[names].to_numpy(float)
        if with_const:
            X = sm.add_constant(X, prepend=True)
        y = data["churn_pct"].to_numpy(float)
        model = sm.OLS(y, X)
        fit = model.fit()
        ci = fit.conf_int(0.05)
        offset = 1 if with_const else 0
        vif = [variance_inflation_factor(X, j) for j in range(offset, X.shape[1])]
        out[label] = {
            "indicators": names, "params": fit.params.tolist(), "bse": fit.bse.tolist(), "tvalues": fit.tvalues.tolist(),
            "pvalues": fit.pvalues.tolist(), "ciLow": ci[:, 0].tolist(), "ciHigh": ci[:, 1].tolist(),
            "rsquared": fit.rsquared, "rsquared_adj": fit.rsquared_adj, "fvalue": float(fit.fvalue),
            "f_pvalue": float(fit.f_pvalue), "residualStdError": float(np.sqrt(fit.scale)), "llf": fit.llf,
            "aic": fit.aic, "bic": fit.bic, "condition_number": fit.condition_number, "vif": vif,
            "df_model": fit.df_model, "df_resid": fit.df_resid, "nobs": fit.nobs,
        }
    dump(os.path.join(WA, "statsmodels_ols.json"), out)


def distribution_fixture():
    beta = []
    for a in (0.5, 1.0, 2.5, 10.0, 50.0, 500.0):
        for b in (0.5, 1.0, 3.0, 20.0, 700.0):
            for x in (1e-12, 1e-6, 0.001, 0.05, 0.3, 0.5, 0.7, 0.95, 0.999, 1 - 1e-9):
                beta.append({"a": a, "b": b, "x": x, "value": float(sp.betainc(a, b, x)),
                             "upper": float(sp.betaincc(a, b, x))})
    t = []
    for df in (1, 2, 3, 5, 10, 30, 100, 1000, 1e5):
        for value in (0.0, 0.1, 0.5, 1.0, 1.96, 2.5, 4.0, 10.0, 40.0, 200.0):
            t.append({"df": df, "t": value, "twoSided": float(2 * st.t.sf(value, df))})
    quantiles = []
    for df in (1, 2, 3, 5, 10, 30, 100, 1000, 1e5):
        for p in (0.6, 0.9, 0.975, 0.995, 0.9999999):
            quantiles.append({"df": df, "p": p, "value": float(st.t.ppf(p, df))})
    f = []
    for d1 in (1, 2, 5, 7, 20):
        for d2 in (1, 3, 10, 52, 1424, 1e6):
            for value in (0.01, 0.5, 1.0, 2.0, 5.0, 30.0, 300.0, 5000.0):
                # mpmath at 40 digits is the exact reference; scipy is kept beside it (in the far
                # tails with huge d2 scipy itself is off by ~1e-11, e.g. sf(30; 20, 1e6)).
                mpmath.mp.dps = 40
                x = mpmath.mpf(d2) / (mpmath.mpf(d2) + mpmath.mpf(d1) * mpmath.mpf(value))
                a, b = mpmath.mpf(d2) / 2, mpmath.mpf(d1) / 2
                def exact(lo, hi):
                    try:
                        return float(mpmath.betainc(a, b, lo, hi, regularized=True))
                    except ValueError:  # mpmath's hypercomb gives up on a few extreme points
                        return None
                exact_sf, exact_cdf = exact(0, x), exact(x, 1)
                f.append({"d1": d1, "d2": d2, "f": value, "sf": float(st.f.sf(value, d1, d2)), "cdf": float(st.f.cdf(value, d1, d2)),
                          "sfExact": exact_sf, "cdfExact": exact_cdf})
    dump(os.path.join(WA, "scipy_distributions.json"),
         {"versions": {"scipy": scipy.__version__, "mpmath": mpmath.__version__}, "beta": beta, "t": t, "tQuantile": quantiles, "f": f})


def glse(A, b, C, d):
    n, p = A.shape[1], C.shape[0]
    K = np.block([[A.T @ A, C.T], [C, np.zeros((p, p))]])
    rhs = np.concatenate([A.T @ b, d])
    return np.linalg.solve(K, rhs)[:n]


def bounded_by_enumeration(A, b, lo, hi):
    """min 1/2||Ax-b||^2 s.t. sum x = 1, lo <= x <= hi: try every free/lower/upper pattern."""
    n = A.shape[1]
    best = None
    for pattern in itertools.product((0, 1, 2), repeat=n):  # 0 free, 1 at lo, 2 at hi
        free = [i for i in range(n) if pattern[i] == 0]
        if not free:
            continue
        x = np.array([lo[i] if pattern[i] == 1 else hi[i] if pattern[i] == 2 else 0.0 for i in range(n)])
        fixed_sum = sum(x[i] for i in range(n) if pattern[i] != 0)
        Af = A[:, free]
        r = b - A @ x
        xf = glse(Af, r, np.ones((1, len(free))), np.array([1 - fixed_sum]))
        x[free] = xf
        if np.any(x < lo - 1e-10) or np.any(x > hi + 1e-10):
            continue
        value = 0.5 * np.sum((A @ x - b) ** 2)
        if best is None or value < best[0] - 1e-13:
            best = (value, x.copy())
    return best


def constrained_fixture():
    rng = np.random.default_rng(42)
    glse_cases = []
    for m, n, p in ((10, 4, 1), (20, 6, 2), (8, 5, 3), (30, 3, 1)):
        A = rng.normal(size=(m, n)); b = rng.normal(size=m); C = rng.normal(size=(p, n)); d = rng.normal(size=p)
        glse_cases.append({"A": A.tolist(), "b": b.tolist(), "C": C.tolist(), "d": d.tolist(), "x": glse(A, b, C, d).tolist()})
    bounded = []
    for case in range(12):
        n = int(rng.integers(2, 7)); m = int(rng.integers(n + 2, 3 * n + 6))
        A = rng.normal(size=(m, n)); b = rng.normal(size=m) + A @ rng.dirichlet(np.ones(n))
        lo = np.round(rng.uniform(0, 0.8 / n, n), 3)
        hi = np.round(lo + rng.uniform(0.05, 0.7, n), 3)
        if hi.sum() < 1:
            hi = hi + (1 - hi.sum()) / n + 0.05
        value, x = bounded_by_enumeration(A, b, lo, hi)
        slsqp = so.minimize(lambda z: 0.5 * np.sum((A @ z - b) ** 2), np.clip(np.full(n, 1 / n), lo, hi),
                            jac=lambda z: A.T @ (A @ z - b), bounds=list(zip(lo, hi)),
                            constraints=[{"type": "eq", "fun": lambda z: z.sum() - 1}], method="SLSQP",
                            options={"ftol": 1e-15, "maxiter": 1000})
        assert np.max(np.abs(slsqp.x - x)) < 1e-5, (case, slsqp.x, x)
        bounded.append({"A": A.tolist(), "b": b.tolist(), "lower": lo.tolist(), "upper": hi.tolist(), "x": x.tolist(), "objective": value})
    nnls = []
    for m, n in ((10, 4), (25, 8), (6, 6), (40, 12)):
        A = rng.normal(size=(m, n)); b = rng.normal(size=m)
        x, rnorm = so.nnls(A, b)
        nnls.append({"A": A.tolist(), "b": b.tolist(), "x": x.tolist(), "residualNorm": rnorm})
    dump(os.path.join(LA, "constrained_problems.json"),
         {"versions": {"numpy": np.__version__, "scipy": scipy.__version__}, "glse": glse_cases, "bounded": bounded, "nnls": nnls})


if __name__ == "__main__":
    os.makedirs(WA, exist_ok=True)
    os.makedirs(LA, exist_ok=True)
    ols_fixture()
    distribution_fixture()
    constrained_fixture()
    sys.exit(0)
