#!/usr/bin/env python3
"""The bootstrap rule of `kpi-weights fit --bootstrap`, reimplemented in numpy from its definition,
on the bundled history: the same seeded resamples (SplitMix64 streams, Lemire's bounded draws),
LMG shares with the expected-sign rule, and numpy's percentiles of every pairwise difference and
of each rank.

    .venv/bin/python scripts/make_bootstrap_fixtures.py

writes Tests/WeightAnalysisTests/Fixtures/bootstrap-numpy.json (200 replicates, seed 7, rows
resampled).
"""
import itertools
import json
import math
import os

import numpy as np
import pandas as pd

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
X = ["satisfaction_pct", "response_hours", "first_fix_pct", "resolution_hours", "complaint_resolution_pct",
     "cost_per_ticket", "utilization_pct"]
DIRECTIONS = np.array([1, -1, 1, -1, 1, -1, 1])  # higher is better: +1
OUTCOME_DIRECTION = -1  # churn: lower is better
MASK = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15


def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


class SplitMix64:
    def __init__(self, seed, index):
        self.state = mix(seed ^ mix((index + 0x632BE59BD9B4E019) & MASK))

    def next(self):
        self.state = (self.state + GAMMA) & MASK
        return mix(self.state)

    def below(self, bound):
        threshold = ((1 << 64) - bound) % bound
        while True:
            product = self.next() * bound
            if (product & MASK) >= threshold:
                return product >> 64


def lmg_weights(data, m):
    w = m.astype(float)
    total = w.sum()
    means = (w[:, None] * data).sum(axis=0) / total
    centred = data - means
    cross = (w[:, None] * centred).T @ centred
    scale = np.sqrt(np.diag(cross))
    corr = cross / np.outer(scale, scale)
    R, r = corr[:-1, :-1], corr[:-1, -1]
    p = len(r)
    r2 = np.zeros(2 ** p)
    for mask in range(1, 2 ** p):
        idx = [j for j in range(p) if mask >> j & 1]
        r2[mask] = r[idx] @ np.linalg.solve(R[np.ix_(idx, idx)], r[idx])
    lmg = np.zeros(p)
    for j in range(p):
        for mask in range(2 ** p):
            if not mask >> j & 1:
                s = bin(mask).count("1")
                lmg[j] += math.factorial(s) * math.factorial(p - s - 1) / math.factorial(p) * (r2[mask | 1 << j] - r2[mask])
    beta = np.linalg.solve(R, r)
    raw = np.where(beta * DIRECTIONS * OUTCOME_DIRECTION > 0, np.maximum(lmg, 0), 0)
    return raw / raw.sum()


def main() -> None:
    frame = pd.read_csv(os.path.join(ROOT, "datasets", "after-sales-history.csv"))[X + ["churn_pct"]].dropna()
    data = frame.to_numpy(dtype=float)
    n = len(data)
    replicates, seed = 200, 7
    samples = []
    for b in range(replicates):
        rng = SplitMix64(seed, b)
        m = np.zeros(n, dtype=int)
        for _ in range(n):
            m[rng.below(n)] += 1
        samples.append(lmg_weights(data, m))
    samples = np.array(samples)
    differences = []
    for a, b in itertools.combinations(range(len(X)), 2):
        d = samples[:, a] - samples[:, b]
        differences.append({"a": X[a], "b": X[b], "low": float(np.percentile(d, 2.5)), "high": float(np.percentile(d, 97.5))})
    ranks = np.array([pd.Series(-s).rank(method="average").to_numpy() for s in samples])
    out = {"replicates": replicates, "seed": seed, "differences": differences,
           "ranks": [{"indicator": X[j], "low": float(np.percentile(ranks[:, j], 2.5)), "high": float(np.percentile(ranks[:, j], 97.5))} for j in range(len(X))],
           "weightLow": list(map(float, np.percentile(samples, 2.5, axis=0))), "weightHigh": list(map(float, np.percentile(samples, 97.5, axis=0)))}
    path = os.path.join(ROOT, "Tests", "WeightAnalysisTests", "Fixtures", "bootstrap-numpy.json")
    with open(path + ".tmp", "w") as handle:
        json.dump(out, handle, indent=1)
    os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()
