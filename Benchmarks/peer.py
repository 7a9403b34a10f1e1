#!/usr/bin/env python3
"""The Python side of Benchmarks/run.sh: numpy / pandas+statsmodels on the same inputs."""
import subprocess
import sys
import time

import numpy as np


def best_of(n, fn):
    best = float("inf")
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def solver(m, n, directory):
    A = np.fromfile(f"{directory}/A_{m}x{n}.bin", dtype=np.float64).reshape((m, n), order="F")
    b = np.fromfile(f"{directory}/b_{m}x{n}.bin", dtype=np.float64)
    result = {}
    def run():
        result["x"] = np.linalg.lstsq(A, b, rcond=None)[0]
    print(f"seconds={best_of(3, run)} x0={result['x'][0]}")


def csv_fit(path, ours):
    import pandas as pd
    import statsmodels.api as sm
    def peer():
        frame = pd.read_csv(path)
        X = sm.add_constant(frame[[f"i{k}" for k in range(1, 12)]].to_numpy())
        fit = sm.OLS(frame["y"].to_numpy(), X).fit()
        _ = (fit.params, fit.bse, fit.pvalues, fit.conf_int(), fit.rsquared_adj, fit.f_pvalue, fit.aic, fit.bic, fit.condition_number)
    def mine():
        subprocess.run([ours, "fit", "--data", path, "--outcome", "y", "--format", "json",
                        "--direction", "y=higher"] + [f"--direction=i{k}=higher" for k in range(1, 12)],
                       check=True, stdout=subprocess.DEVNULL)
    peer_time = best_of(3, peer)
    our_time = best_of(3, mine)
    print(f"peer_seconds={peer_time} our_seconds={our_time}")


if __name__ == "__main__":
    if sys.argv[1] == "solver":
        solver(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    else:
        csv_fit(sys.argv[2], sys.argv[3])
