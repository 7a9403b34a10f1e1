#!/usr/bin/env python3
"""The Python side of Benchmarks/run.sh: numpy / pandas+statsmodels on the same inputs."""
import os
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


def lmg(m, p, directory):
    import pandas as pd
    import pingouin as pg
    X = np.fromfile(f"{directory}/X_lmg_{m}x{p}.bin", dtype=np.float64).reshape((m, p), order="F")
    y = np.fromfile(f"{directory}/y_lmg_{m}x{p}.bin", dtype=np.float64)
    frame = pd.DataFrame(X, columns=[f"x{j}" for j in range(p)])
    result = {}
    def run():
        result["lm"] = pg.linear_regression(frame, y, relimp=True)
    print(f"seconds={best_of(3, run)} lmg0={result['lm']['relimp'].iloc[1]}")


def make_score_data(entities, months, path):
    """20,000 agents × 50 months with the seven indicators and salaries (seeded)."""
    import pandas as pd
    rng = np.random.default_rng(2026)
    n = entities * months
    team = np.repeat([f"A{k:05d}" for k in range(entities)], months)
    month = np.tile([f"{2021 + m // 12}-{m % 12 + 1:02d}" for m in range(months)], entities)
    frame = pd.DataFrame({
        "team": team, "month": month,
        "satisfaction_pct": np.round(rng.uniform(60, 100, n), 1),
        "response_hours": np.round(rng.gamma(2.0, 3.0, n), 2),
        "first_fix_pct": np.round(rng.uniform(50, 95, n), 1),
        "resolution_hours": np.round(rng.gamma(3.0, 6.0, n), 2),
        "complaint_resolution_pct": np.round(rng.uniform(60, 100, n), 1),
        "cost_per_ticket": np.round(rng.uniform(80, 400, n), 2),
        "utilization_pct": np.round(rng.uniform(40, 100, n), 1),
        "salary": [f"{v // 100}.{v % 100:02d}" for v in rng.integers(500_000, 3_000_000, n)],
    })
    frame.to_csv(path, index=False)


def make_xlsx(rows, path):
    """A 1,000,000 × 12 workbook (team, month, ten numbers), written by openpyxl (write-only)."""
    import openpyxl
    rng = np.random.default_rng(7)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("history")
    sheet.append(["team", "month"] + [f"x{k}" for k in range(1, 11)])
    values = np.round(rng.normal(50, 10, (rows, 10)), 3)
    for i in range(rows):
        sheet.append([f"T{i % 5000:04d}", f"{2020 + i % 200 // 12}-{i % 12 + 1:02d}"] + values[i].tolist())
    book.save(path)


def make_tickets(rows, path):
    """Ticket-level export with the sample's Chinese headers (UTF-8, ISO timestamps), seeded."""
    import pandas as pd
    rng = np.random.default_rng(11)
    teams = np.array([f"团队{k:03d}" for k in range(200)])
    created = np.datetime64("2025-01-01T00:00") + rng.integers(0, 181 * 1440, rows).astype("timedelta64[m]")
    response = rng.gamma(2.0, 3.0, rows)
    resolution = response + rng.gamma(3.0, 6.0, rows)
    score = np.clip(np.round(4.6 - 0.08 * response + rng.normal(0, 0.6, rows)), 1, 5)
    frame = pd.DataFrame({
        "工单编号": np.char.add("T", np.arange(rows).astype(str)),
        "所属团队": teams[rng.integers(0, len(teams), rows)],
        "客户编号": np.char.add("C", rng.integers(0, 200_000, rows).astype(str)),
        "创建时间": created.astype(str),
        "首次响应时间": (created + (response * 60).astype("timedelta64[m]")).astype(str),
        "解决时间": (created + (resolution * 60).astype("timedelta64[m]")).astype(str),
        "满意度评分": np.where(rng.uniform(size=rows) < 0.7, score, np.nan),
        "是否重开": np.where(rng.uniform(size=rows) < 0.1, "是", "否"),
        "处理成本(元)": np.round(80 + 4 * resolution + rng.normal(0, 15, rows), 2),
        "客户是否流失": np.where(rng.uniform(size=rows) < 0.08, "是", "否"),
    })
    frame.to_csv(path, index=False)


def prepare(path, ours, directory):
    """`kpi-weights prepare` against pandas (prepare_peer.py), whole process each, best of 2."""
    here = os.path.dirname(os.path.abspath(__file__))
    spec = os.path.join(here, "..", "datasets", "helpdesk.prepare.yaml")
    mine = [ours, "prepare", "--data", path, "--spec", spec, "--output", f"{directory}/prepared-ours.csv", "--force"]
    peer = [sys.executable, f"{here}/prepare_peer.py", path, f"{directory}/prepared-peer.csv"]
    ours_runs = [run_process(mine) for _ in range(2)]
    peer_runs = [run_process(peer) for _ in range(2)]
    # Both must have computed the same table (sums in another order: relative 1e-9).
    import pandas as pd
    a = pd.read_csv(f"{directory}/prepared-ours.csv")
    b = pd.read_csv(f"{directory}/prepared-peer.csv")
    if list(a.columns) != list(b.columns) or len(a) != len(b) or not (a.iloc[:, :2].astype(str).values == b.iloc[:, :2].astype(str).values).all():
        raise SystemExit("prepare: the two outputs have different keys")
    worst = float(np.nanmax(np.abs(a.iloc[:, 2:].values - b.iloc[:, 2:].values) / np.maximum(np.abs(b.iloc[:, 2:].values), 1e-300)))
    if worst > 1e-9:
        raise SystemExit(f"prepare: the two outputs differ (largest relative difference {worst:.3g})")
    print(f"our_seconds={min(t for t, _ in ours_runs)} peer_seconds={min(t for t, _ in peer_runs)} "
          f"our_rss_mb={max(r for _, r in ours_runs):.0f} peer_rss_mb={max(r for _, r in peer_runs):.0f} max_relative_difference={worst:.3g}")


def xlsx(path):
    """python-calamine and pandas.read_excel(engine="calamine") reading the first sheet, best of 3."""
    import pandas as pd
    from python_calamine import CalamineWorkbook
    def calamine():
        return CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
    def pandas_calamine():
        return pd.read_excel(path, engine="calamine")
    rows = len(calamine()) - 1
    print(f"calamine_seconds={best_of(3, calamine)} pandas_seconds={best_of(3, pandas_calamine)} rows={rows}")


def run_process(arguments):
    """Wall time and peak RSS (MB) of one whole process."""
    import os
    t0 = time.perf_counter()
    process = subprocess.Popen(arguments, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - t0
    if status != 0:
        raise SystemExit(f"{arguments[0]} failed with status {status}")
    return elapsed, usage.ru_maxrss / 1024


def score(config_json, data, ours, directory):
    """`kpi-weights score` against pandas (score_peer.py), whole process each, best of 3; then
    checks that both computed the same scores and cents."""
    import pandas as pd
    here = os.path.dirname(os.path.abspath(__file__))
    mine_out, peer_out = f"{directory}/score-ours.csv", f"{directory}/score-peer.csv"
    mine = [ours, "score", "--config", config_json, "--data", data, "--salary", "salary", "--format", "csv", "--output", mine_out, "--force"]
    peer = [sys.executable, f"{here}/score_peer.py", config_json, data, peer_out]
    ours_runs = [run_process(mine) for _ in range(3)]
    peer_runs = [run_process(peer) for _ in range(3)]
    a = pd.read_csv(mine_out, dtype=str)
    b = pd.read_csv(peer_out, dtype=str)
    same = int((a["score"].astype(float).round(2) == b["score"].astype(float).round(2)).sum())
    cents = int((a["performancePay"] == b["performancePay"]).sum())
    print(f"our_seconds={min(t for t, _ in ours_runs)} peer_seconds={min(t for t, _ in peer_runs)} "
          f"our_rss_mb={max(r for _, r in ours_runs):.0f} peer_rss_mb={max(r for _, r in peer_runs):.0f} "
          f"rows={len(a)} same_scores={same} same_cents={cents}")


def bootstrap(path, replicates):
    # The same rule as kpi-weights: LMG shares (pingouin), zero for unexpected signs, renormalised.
    import pandas as pd
    import pingouin as pg
    names = ["satisfaction_pct", "response_hours", "first_fix_pct", "resolution_hours", "complaint_resolution_pct", "cost_per_ticket", "utilization_pct"]
    orientation = np.array([1, -1, 1, -1, 1, -1, 1]) * -1
    frame = pd.read_csv(path)[["churn_pct"] + names].dropna()
    X, y = frame[names].to_numpy(), frame["churn_pct"].to_numpy()
    rng = np.random.default_rng(1)
    def run():
        samples = []
        for _ in range(replicates):
            i = rng.integers(0, len(y), len(y))
            lm = pg.linear_regression(pd.DataFrame(X[i], columns=names), y[i], relimp=True)
            shares = lm["relimp"].to_numpy()[1:]
            beta = lm["coef"].to_numpy()[1:]
            w = np.where(beta * orientation > 0, shares, 0)
            samples.append(w / w.sum())
        return np.percentile(np.array(samples), [2.5, 97.5], axis=0)
    t0 = time.perf_counter()
    interval = run()
    print(f"seconds={time.perf_counter() - t0} low0={interval[0][0]} high0={interval[1][0]}")


def make_panel(entities, periods, path):
    """entities × periods rows, 12 indicators with entity effects, y on them (seeded)."""
    import pandas as pd
    rng = np.random.default_rng(12)
    n = entities * periods
    entity = np.repeat(np.arange(entities), periods)
    period = np.tile(np.arange(periods), entities)
    effect = rng.normal(0, 1, entities)[entity]
    columns = {"team": [f"E{e:05d}" for e in entity], "month": period + 1}
    y = 0.5 * effect + rng.normal(0, 1, n)
    for k in range(1, 13):
        x = 0.3 * effect + rng.normal(0, 1, n)
        columns[f"i{k}"] = np.round(x, 6)
        y += 0.1 * k * x
    columns["y"] = np.round(y, 6)
    pd.DataFrame(columns).to_csv(path, index=False)


def fixed_effects(path, ours):
    """fit --fixed-effects team,month --se cluster (whole process, best of 3) against pyfixest's
    feols with the same specification (a whole python process: import, read_csv, fit), and our
    plain fit on the same file."""
    here = os.path.dirname(os.path.abspath(__file__))
    names = [f"i{k}" for k in range(1, 13)]
    directions = ["--direction", "y=higher"] + [f"--direction={name}=higher" for name in names]
    mine = [ours, "fit", "--data", path, "--outcome", "y", "--format", "json", "--fixed-effects", "team,month", "--se", "cluster", "--cluster", "team"] + directions
    plain = [ours, "fit", "--data", path, "--outcome", "y", "--format", "json"] + directions
    peer = [sys.executable, "-c", (
        "import sys, pandas as pd, pyfixest as pf\n"
        "d = pd.read_csv(sys.argv[1])\n"
        "m = pf.feols('y ~ ' + ' + '.join(f'i{k}' for k in range(1, 13)) + ' | team + month', data=d, vcov={'CRV1': 'team'})\n"
        "m.tidy()\n"), path]
    ours_runs = [run_process(mine) for _ in range(3)]
    plain_runs = [run_process(plain) for _ in range(3)]
    peer_runs = [run_process(peer) for _ in range(3)]
    print(f"our_seconds={min(t for t, _ in ours_runs)} plain_seconds={min(t for t, _ in plain_runs)} peer_seconds={min(t for t, _ in peer_runs)} "
          f"our_rss_mb={max(r for _, r in ours_runs):.0f} peer_rss_mb={max(r for _, r in peer_runs):.0f}")


def make_customers(rows, width, path):
    """rows customers × width correlated indicators and a 0/1 outcome from a logistic model (seeded)."""
    import pandas as pd
    rng = np.random.default_rng(13)
    common = rng.normal(0, 1, rows)
    columns = {}
    eta = -1.5 + np.zeros(rows)
    for k in range(1, width + 1):
        x = 0.5 * common + rng.normal(0, 1, rows)
        # Shifted to be positive: dominance-analysis pre-screens with a chi² test that needs it.
        columns[f"i{k}"] = np.round(x + 8, 6)
        eta += 0.08 * k * x
    columns["churned"] = (rng.random(rows) < 1 / (1 + np.exp(-eta))).astype(int)
    pd.DataFrame(columns).to_csv(path, index=False)


def dominance(path, ours, python):
    """fit --method dominance on a 0/1 outcome (whole process, best of 3) against the Python
    dominance-analysis package (a whole process in `python`, its own venv: numpy < 2)."""
    import pandas as pd
    names = [c for c in pd.read_csv(path, nrows=1).columns if c != "churned"]
    mine = [ours, "fit", "--data", path, "--outcome", "churned", "--format", "json", "--direction", "churned=lower"] + [f"--direction={n}=higher" for n in names]
    peer = [python, "-c", (
        "import sys, pandas as pd\n"
        "from dominance_analysis import Dominance\n"
        "d = pd.read_csv(sys.argv[1])\n"
        "m = Dominance(data=d, target='churned', objective=0, pseudo_r2='mcfadden', top_k=d.shape[1] - 1)\n"
        "m.incremental_rsquare()\n"), path]
    ours_runs = [run_process(mine) for _ in range(3)]
    peer_time, _ = run_process(peer)
    print(f"our_seconds={min(t for t, _ in ours_runs)} peer_seconds={peer_time}")


if __name__ == "__main__":
    if sys.argv[1] == "solver":
        solver(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    elif sys.argv[1] == "lmg":
        lmg(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    elif sys.argv[1] == "bootstrap":
        bootstrap(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1] == "make-tickets":
        make_tickets(int(sys.argv[2]), sys.argv[3])
    elif sys.argv[1] == "prepare":
        prepare(sys.argv[2], sys.argv[3], sys.argv[4])
    elif sys.argv[1] == "make-xlsx":
        make_xlsx(int(sys.argv[2]), sys.argv[3])
    elif sys.argv[1] == "xlsx":
        xlsx(sys.argv[2])
    elif sys.argv[1] == "make-score-data":
        make_score_data(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    elif sys.argv[1] == "make-panel":
        make_panel(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    elif sys.argv[1] == "make-customers":
        make_customers(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    elif sys.argv[1] == "dominance":
        dominance(sys.argv[2], sys.argv[3], sys.argv[4])
    elif sys.argv[1] == "fixed-effects":
        fixed_effects(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "score":
        score(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5])
    else:
        csv_fit(sys.argv[2], sys.argv[3])
