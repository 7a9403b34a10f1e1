#!/usr/bin/env python3
"""General dominance of McFadden's pseudo-R² for the bundled customers from the Python
dominance-analysis package (it needs numpy < 2 and IPython < 8: its own venv):

    python3 -m venv .venv-dominance
    .venv-dominance/bin/pip install "numpy<2" "pandas<2.2" "ipython<8" dominance-analysis statsmodels scikit-learn
    .venv-dominance/bin/python scripts/make_dominance_py_fixtures.py

writes Tests/WeightAnalysisTests/Fixtures/dominance-py.json.
"""
import json
import os

import pandas as pd
from dominance_analysis import Dominance

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
X = ["satisfaction_pct", "response_hours", "first_fix_pct", "resolution_hours", "complaint_resolution_pct",
     "cost_per_ticket", "utilization_pct"]


def main() -> None:
    d = pd.read_csv(os.path.join(ROOT, "datasets", "customers.csv"))[X + ["churned"]].copy()
    model = Dominance(data=d, target="churned", objective=0, pseudo_r2="mcfadden", top_k=len(X))
    general = model.incremental_rsquare()
    out = {"peer": "dominance-analysis (Python), McFadden", "general": {k: float(v) for k, v in general.items()}}
    path = os.path.join(ROOT, "Tests", "WeightAnalysisTests", "Fixtures", "dominance-py.json")
    with open(path + ".tmp", "w") as handle:
        json.dump(out, handle, indent=1)
    os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()
