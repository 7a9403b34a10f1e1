"""Scale benchmarks (issue 17): the streaming fit of a multi-gigabyte CSV against DuckDB computing
the same cross products, and the PostgreSQL push-down against COPY to CSV + fit.

    python Benchmarks/scale_peer.py make-big ROWS PATH
    python Benchmarks/scale_peer.py streaming PATH OURS DIRECTORY
    python Benchmarks/scale_peer.py pushdown URI TABLE OURS DIRECTORY

Each side runs as its own process; wall time and peak RSS come from wait4. Prints key=value pairs.
"""
import os
import subprocess
import sys
import time

COLUMNS = ["satisfaction_pct", "response_hours", "first_fix_pct", "resolution_hours", "complaint_resolution_pct",
           "cost_per_ticket", "utilization_pct", "churn_pct"]


def run_process(arguments, environment=None, stdout=subprocess.DEVNULL):
    """Wall time and peak RSS (MB) of one whole process."""
    t0 = time.perf_counter()
    process = subprocess.Popen(arguments, stdout=stdout, env=environment)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - t0
    if status != 0:
        raise SystemExit(f"{arguments[0]} failed with status {status}")
    return elapsed, usage.ru_maxrss / 1024


def make_big(rows, path):
    """A team-month-like history: 500 teams, seven indicators and churn, seeded; a block of
    1,000,000 rows written once and repeated (the header once) up to `rows`."""
    import numpy as np
    rng = np.random.default_rng(17)
    block = min(rows, 1_000_000)
    team = rng.integers(0, 500, block)
    x = np.column_stack([
        rng.normal(85, 5, block), rng.gamma(4, 1.5, block), rng.normal(75, 8, block), rng.gamma(6, 4, block),
        rng.normal(90, 4, block), rng.normal(120, 25, block), rng.normal(80, 6, block)])
    churn = 30 - 0.2 * x[:, 0] + 0.3 * x[:, 1] - 0.1 * x[:, 2] + 0.05 * x[:, 3] - 0.05 * x[:, 4] + 0.01 * x[:, 5] \
        + rng.normal(0, 1, block) + (team % 7) * 0.2
    lines = [f"T{t:03d},{a:.2f},{b:.2f},{c:.2f},{d:.2f},{e:.2f},{f:.2f},{g:.2f},{y:.3f}\n"
             for t, (a, b, c, d, e, f, g), y in zip(team, x, churn)]
    body = "".join(lines).encode()
    with open(path + ".tmp", "wb") as out:
        out.write(("team," + ",".join(COLUMNS) + "\n").encode())
        written = 0
        while written < rows:
            take = min(block, rows - written)
            out.write(body if take == block else "".join(lines[:take]).encode())
            written += take
    os.replace(path + ".tmp", path)
    print(f"rows={rows} bytes={os.path.getsize(path)}")


def duckdb_cross_products(path, directory):
    """DuckDB (two threads) computing count, sums and cross products per team and overall."""
    script = os.path.join(directory, "duckdb_cross.py")
    q = len(COLUMNS)
    sums = [f"sum({c})" for c in COLUMNS] + [f"sum({COLUMNS[a]}*{COLUMNS[b]})" for a in range(q) for b in range(a, q)]
    with open(script, "w") as f:
        f.write(
            "import duckdb, sys\n"
            "con = duckdb.connect()\n"
            "con.execute('SET threads=2')\n"
            f"rows = con.execute(\"SELECT team, count(*), {', '.join(sums)} FROM read_csv(?, header=true) "
            "GROUP BY GROUPING SETS ((team), ())\", [sys.argv[1]]).fetchall()\n"
            "print(len(rows))\n")
    return run_process([sys.executable, script, path])


def streaming(path, ours, directory):
    out = os.path.join(directory, "big.stats.json")
    peer = min(duckdb_cross_products(path, directory) for _ in range(2))
    mine = min(run_process([ours, "stats", "--data", path, "--outcome", "churn_pct", "--output", out, "--force"]) for _ in range(2))
    fit, _ = run_process([ours, "fit", "--stats", out, "--outcome", "churn_pct", "--format", "json"])
    print(f"bytes={os.path.getsize(path)} our_seconds={mine[0]:.3f} our_rss_mb={mine[1]:.0f} peer_seconds={peer[0]:.3f} "
          f"peer_rss_mb={peer[1]:.0f} fit_stats_seconds={fit:.3f}")


def pushdown(uri, table, ours, directory):
    """fit --pushdown against COPY to CSV (psql) + fit of the CSV, on the same server table."""
    environment = dict(os.environ)
    csv = os.path.join(directory, "pushdown-copy.csv")

    def copy_and_fit():
        t0 = time.perf_counter()
        with open(csv, "wb") as f:
            subprocess.run(["psql", uri, "-X", "-q", "-c", f"\\copy {table} TO STDOUT CSV HEADER"], check=True, stdout=f, env=environment)
        copy_seconds = time.perf_counter() - t0
        fit_seconds, rss = run_process([ours, "fit", "--data", csv, "--outcome", "churn_pct", "--format", "json", "--quiet"], environment)
        return copy_seconds + fit_seconds, rss

    mine = min(run_process([ours, "fit", "--data", uri, "--table", table, "--outcome", "churn_pct", "--pushdown", "--format", "json"], environment)
               for _ in range(2))
    peer = min(copy_and_fit() for _ in range(2))
    print(f"our_seconds={mine[0]:.3f} our_rss_mb={mine[1]:.0f} peer_seconds={peer[0]:.3f} peer_rss_mb={peer[1]:.0f}")


if __name__ == "__main__":
    if sys.argv[1] == "make-big":
        make_big(int(sys.argv[2]), sys.argv[3])
    elif sys.argv[1] == "streaming":
        streaming(sys.argv[2], sys.argv[3], sys.argv[4])
    elif sys.argv[1] == "pushdown":
        pushdown(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5])
    else:
        raise SystemExit(__doc__)
