"""Scale benchmarks (issue 17): the streaming fit of a multi-gigabyte CSV against DuckDB computing
the same cross products, and the PostgreSQL push-down against COPY to CSV + fit.

    python Benchmarks/scale_peer.py make-big ROWS PATH
    python Benchmarks/scale_peer.py streaming PATH OURS DIRECTORY
    python Benchmarks/scale_peer.py pushdown URI TABLE OURS DIRECTORY
    python Benchmarks/scale_peer.py streaming-db URI TABLE OURS
    python Benchmarks/scale_peer.py spark CSV OURS DIRECTORY
    python Benchmarks/scale_peer.py make-xlsx CSV ROWS PATH
    python Benchmarks/scale_peer.py xlsx PATH OURS

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


def streaming_db(uri, table, ours):
    """`fit --streaming` of a PostgreSQL table (COPY in 8 MB chunks, bounded memory) against `fit`
    reading the table whole (ours both: what streaming saves)."""
    environment = dict(os.environ)
    base = [ours, "fit", "--data", uri, "--table", table, "--outcome", "churn_pct", "--format", "json"]
    mine = min(run_process(base + ["--streaming"], environment) for _ in range(2))
    whole = min(run_process(base, environment) for _ in range(2))
    print(f"our_seconds={mine[0]:.3f} our_rss_mb={mine[1]:.0f} peer_seconds={whole[0]:.3f} peer_rss_mb={whole[1]:.0f}")


def spark(csv, ours, directory):
    """Spark local[2] on the same Parquet table: integrations/spark/kpi_weights_stats.py then
    `fit --stats` (clustered by team) vs MLlib LinearRegression(solver="normal") (iid errors only),
    each side a whole process (the JVM included), best of 2; the coefficients are compared."""
    import json
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    python = sys.executable
    parquet = os.path.join(directory, "scale-10m.parquet")
    if not os.path.exists(parquet):
        subprocess.run([python, "-c",
                        "import sys; from pyspark.sql import SparkSession; s = SparkSession.builder.master('local[2]')"
                        ".config('spark.ui.enabled', 'false').getOrCreate(); s.read.csv(sys.argv[1], header=True, inferSchema=True)"
                        ".write.parquet(sys.argv[2]); s.stop()", csv, parquet], check=True, stderr=subprocess.DEVNULL)
    stats = os.path.join(directory, "spark-10m.stats.json")
    job = [python, os.path.join(root, "integrations/spark/kpi_weights_stats.py"), "--master", "local[2]", "--input", parquet,
           "--format", "parquet", "--outcome", "churn_pct", "--indicators", ",".join(COLUMNS[:-1]), "--cluster", "team",
           "--output", stats, "--force"]

    def ours_once():
        seconds, rss = run_process(job, stdout=subprocess.DEVNULL)
        fit_seconds, fit_rss = run_process([ours, "fit", "--stats", stats, "--outcome", "churn_pct", "--format", "json"])
        return seconds + fit_seconds, max(rss, fit_rss)

    mllib_out = os.path.join(directory, "mllib-10m.json")
    peer = min(run_process([python, os.path.join(root, "Benchmarks/spark_mllib_peer.py"), parquet, mllib_out]) for _ in range(2))
    mine = min(ours_once() for _ in range(2))
    fitted = json.loads(subprocess.run([ours, "fit", "--stats", stats, "--outcome", "churn_pct", "--format", "json", "--se", "iid"],
                                       check=True, capture_output=True, text=True).stdout)
    mllib = json.load(open(mllib_out))
    slopes = {c["term"]: c for c in fitted["coefficients"]}
    worst_estimate = max(abs(slopes[name]["estimate"] - b) / abs(b) for name, b in zip(COLUMNS[:-1], mllib["coefficients"]))
    worst_error = max(abs(slopes[name]["stdError"] - e) / e for name, e in zip(COLUMNS[:-1], mllib["stdErrors"]))
    print(f"our_seconds={mine[0]:.3f} our_rss_mb={mine[1]:.0f} peer_seconds={peer[0]:.3f} peer_rss_mb={peer[1]:.0f} "
          f"estimates_rel={worst_estimate:.1e} iid_se_rel={worst_error:.1e}")


def make_xlsx(csv, rows, path):
    """The first `rows` records of `csv` as one sheet of an .xlsx, written as Excel writes one:
    the team names as shared strings, the numbers as numbers, DEFLATE-compressed parts."""
    import zipfile
    with open(csv) as f:
        header = f.readline().rstrip("\n").split(",")
        records = [f.readline().rstrip("\n").split(",") for _ in range(rows)]
    strings = sorted({r[0] for r in records})
    index = {s: k for k, s in enumerate(strings)}

    def letters(j):
        return chr(ord("A") + j)

    def sheet():
        yield '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        yield '<row r="1">' + "".join(f'<c r="{letters(j)}1" t="inlineStr"><is><t>{h}</t></is></c>' for j, h in enumerate(header)) + "</row>"
        for i, r in enumerate(records, start=2):
            cells = [f'<c r="A{i}" t="s"><v>{index[r[0]]}</v></c>'] + [f'<c r="{letters(j)}{i}"><v>{v}</v></c>' for j, v in enumerate(r[1:], start=1)]
            yield f'<row r="{i}">' + "".join(cells) + "</row>"
        yield "</sheetData></worksheet>"

    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="history" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/sharedStrings.xml": '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(records)}" uniqueCount="{len(strings)}">' + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>",
    }
    with zipfile.ZipFile(path + ".tmp", "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for name, text in parts.items():
            z.writestr(name, text)
        with z.open("xl/worksheets/sheet1.xml", "w") as out:
            for piece in sheet():
                out.write(piece.encode())
    os.replace(path + ".tmp", path)
    print(f"rows={rows} bytes={os.path.getsize(path)}")


def xlsx(path, ours):
    """`fit --streaming` of a 1,048,575-row sheet against python-calamine reading it (Rust) and
    numpy solving the same least squares, and against our own fit reading the workbook whole."""
    script = os.path.join(os.path.dirname(path), "calamine_fit.py")
    with open(script, "w") as f:
        f.write(
            "import sys, numpy as np\n"
            "from python_calamine import CalamineWorkbook\n"
            "rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()\n"
            "a = np.array([r[1:] for r in rows[1:]], dtype=float)\n"
            "x = np.column_stack([np.ones(len(a)), a[:, :-1]])\n"
            "print(np.linalg.lstsq(x, a[:, -1], rcond=None)[0])\n")
    base = [ours, "fit", "--data", path, "--outcome", "churn_pct", "--format", "json"]
    mine = min(run_process(base + ["--streaming"]) for _ in range(2))
    whole = min(run_process(base) for _ in range(2))
    peer = min(run_process([sys.executable, script, path]) for _ in range(2))
    print(f"bytes={os.path.getsize(path)} our_seconds={mine[0]:.3f} our_rss_mb={mine[1]:.0f} whole_seconds={whole[0]:.3f} "
          f"whole_rss_mb={whole[1]:.0f} peer_seconds={peer[0]:.3f} peer_rss_mb={peer[1]:.0f}")


if __name__ == "__main__":
    if sys.argv[1] == "make-big":
        make_big(int(sys.argv[2]), sys.argv[3])
    elif sys.argv[1] == "streaming":
        streaming(sys.argv[2], sys.argv[3], sys.argv[4])
    elif sys.argv[1] == "streaming-db":
        streaming_db(sys.argv[2], sys.argv[3], sys.argv[4])
    elif sys.argv[1] == "spark":
        spark(sys.argv[2], sys.argv[3], sys.argv[4])
    elif sys.argv[1] == "make-xlsx":
        make_xlsx(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif sys.argv[1] == "xlsx":
        xlsx(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "pushdown":
        pushdown(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5])
    else:
        raise SystemExit(__doc__)
