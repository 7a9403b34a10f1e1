"""Sufficient statistics of a history in Spark, for `kpi-weights fit --stats FILE`.

Reads a table (Parquet, CSV or a Hive/catalog table), and writes the kpi-weights
sufficient-statistics file (format `kpi-weights-sufficient-statistics`, version 1; the format is
documented in Sources/DataSources/StatisticsFile.swift):

- the count of complete rows (no null in the model's columns) and of all rows, nulls per column;
- a shift s (the first complete row, as `kpi-weights stats` takes it);
- the QR factor R of z = [1, x - s, y - s]: each partition factors its rows (numpy's Householder
  QR, LAPACK dgeqrf; in Arrow batches through mapInPandas when pyarrow is installed, else row by
  row) and the driver factors the stacked partition factors (TSQR), so the condition number is
  not squared as in the normal equations;
- per cluster (--cluster COL), the Gram matrix sum of z zᵀ over its rows, by a Spark aggregation.

Run it with spark-submit, or with python when pyspark is installed (local mode):

    spark-submit integrations/spark/kpi_weights_stats.py --input history.parquet \
        --outcome churn_pct --indicators satisfaction_pct,response_hours --cluster team \
        --output history.stats.json
    python integrations/spark/kpi_weights_stats.py --master 'local[2]' --input history.csv --format csv ...

Then: kpi-weights fit --stats history.stats.json --outcome churn_pct

Column names must be the kpi-weights ids (or the ids the catalog knows): the job does not match
Chinese headers to the catalog; rename them in the query or the table.
"""
import argparse
import hashlib
import json
import os
import sys

FORMAT = "kpi-weights-sufficient-statistics"
VERSION = 1


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--input", required=True, help="a Parquet/CSV path, or a table name with --format table")
    parser.add_argument("--format", default="parquet", choices=["parquet", "csv", "table"])
    parser.add_argument("--outcome", required=True)
    parser.add_argument("--indicators", required=True, help="comma-separated indicator columns")
    parser.add_argument("--cluster", help="the column whose groups get their own Gram matrix (e.g. team)")
    parser.add_argument("--output", required=True, help="the statistics file to write (JSON)")
    parser.add_argument("--force", action="store_true", help="overwrite --output")
    parser.add_argument("--master", help="Spark master when run with python (e.g. local[2])")
    return parser.parse_args(argv)


def fail(message):
    sys.stderr.write(f"kpi_weights_stats: error: {message}\n")
    raise SystemExit(65)


def batch_factors(batches, shift, q):
    """With Arrow (pyarrow installed): the R factor of one partition's pandas batches of z, as a
    pandas frame of q rows (no row crosses into Python one at a time)."""
    import numpy as np
    import pandas as pd
    factor = None
    for batch in batches:
        if len(batch) == 0:
            continue
        z = np.empty((len(batch), q))
        z[:, 0] = 1.0
        z[:, 1:] = batch.to_numpy(dtype=np.float64) - np.asarray(shift)
        stacked = z if factor is None else np.vstack([factor, z])
        factor = np.linalg.qr(stacked, mode="r")
    if factor is not None:
        padded = np.zeros((q, q))
        padded[: factor.shape[0], :] = factor
        yield pd.DataFrame(padded, columns=[f"r{j}" for j in range(q)])


def partition_factor(rows, shift, q):
    """The R factor (q × q) of one partition's rows of z, or nothing for an empty partition."""
    import numpy as np
    block = []
    factor = None
    for row in rows:
        block.append([1.0] + [float(v) - s for v, s in zip(row, shift)])
        if len(block) == 65536:
            stacked = np.array(block) if factor is None else np.vstack([factor, np.array(block)])
            factor = np.linalg.qr(stacked, mode="r")
            block = []
    if block:
        stacked = np.array(block) if factor is None else np.vstack([factor, np.array(block)])
        factor = np.linalg.qr(stacked, mode="r")
    if factor is not None:
        # A partition with fewer rows than columns gives a short factor: pad to q × q.
        padded = np.zeros((q, q))
        padded[: factor.shape[0], :] = factor
        yield padded.tolist()


def main(argv):
    arguments = parse_arguments(argv)
    import numpy as np
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    if os.path.exists(arguments.output) and not arguments.force:
        sys.stderr.write(f"{arguments.output}: error: the file already exists; pass --force to overwrite it\n")
        raise SystemExit(73)
    indicators = [name.strip() for name in arguments.indicators.split(",")]
    if any(not name for name in indicators):
        fail("--indicators has an empty name")
    columns = indicators + [arguments.outcome]
    if arguments.master and arguments.master.startswith("local"):
        # Local workers run this interpreter (its numpy and pyarrow), not whatever python3 is first.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("kpi-weights-stats")
    if arguments.master:
        builder = builder.master(arguments.master)
    spark = builder.config("spark.ui.enabled", "false").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    try:
        if arguments.format == "table":
            frame = spark.table(arguments.input)
        elif arguments.format == "csv":
            frame = spark.read.csv(arguments.input, header=True, inferSchema=True)
        else:
            frame = spark.read.parquet(arguments.input)
        missing_columns = [c for c in columns + ([arguments.cluster] if arguments.cluster else []) if c not in frame.columns]
        if missing_columns:
            fail(f"{arguments.input} has no column {', '.join(repr(c) for c in missing_columns)}; its columns are {', '.join(frame.columns)}")
        for name in columns:
            kind = dict(frame.dtypes)[name]
            if kind not in ("double", "float", "int", "bigint", "smallint", "tinyint", "boolean") and not kind.startswith("decimal"):
                fail(f"column '{name}' is {kind}, not a number")
        cast = frame.select([F.col(c).cast("double").alias(c) for c in columns] + ([F.col(arguments.cluster).cast("string").alias("kpi_cluster")] if arguments.cluster else []))
        counts = cast.agg(F.count(F.lit(1)).alias("rows"), *[F.sum(F.col(c).isNull().cast("long")).alias(f"null_{i}") for i, c in enumerate(columns)]).first()
        complete = cast.dropna(subset=columns)
        first = complete.select(columns).first()
        if first is None:
            fail("no row without a null in the model's columns")
        shift = [float(v) for v in first]
        q = len(columns) + 1
        try:
            import pyarrow  # noqa: F401 — Arrow batches when available, else rows
            schema = ", ".join(f"r{j} double" for j in range(q))
            factor_rows = complete.select(columns).mapInPandas(lambda batches: batch_factors(batches, shift, q), schema).collect()
            stacked = np.array([[row[f"r{j}"] for j in range(q)] for row in factor_rows])
        except ImportError:
            factors = complete.select(columns).rdd.mapPartitions(lambda rows: partition_factor(rows, shift, q)).collect()
            stacked = np.vstack([np.array(f) for f in factors])
        r = np.linalg.qr(stacked, mode="r")
        signs = np.where(np.diag(r) < 0, -1.0, 1.0)
        r = r * signs[:, None]
        n = complete.count()
        clusters = None
        if arguments.cluster:
            z = [F.lit(1.0)] + [F.col(c) - F.lit(s) for c, s in zip(columns, shift)]
            sums = [F.sum(z[a] * z[b]).alias(f"g_{a}_{b}") for a in range(q) for b in range(a, q)]
            groups = complete.groupBy("kpi_cluster").agg(F.count(F.lit(1)).alias("count"), *sums).collect()
            groups = sorted(groups, key=lambda g: "" if g["kpi_cluster"] is None else g["kpi_cluster"])
            clusters = {
                "column": arguments.cluster,
                "labels": ["" if g["kpi_cluster"] is None else g["kpi_cluster"] for g in groups],
                "counts": [int(g["count"]) for g in groups],
                "grams": [[float(g[f"g_{a}_{b}"]) for a in range(q) for b in range(a, q)] for g in groups],
            }
        sha256 = ""
        if arguments.format != "table" and os.path.isfile(arguments.input):
            digest = hashlib.sha256()
            with open(arguments.input, "rb") as f:
                for piece in iter(lambda: f.read(1 << 20), b""):
                    digest.update(piece)
            sha256 = digest.hexdigest()
        document = {
            "format": FORMAT,
            "version": VERSION,
            "outcome": arguments.outcome,
            "indicators": indicators,
            "observations": int(n),
            "shift": shift,
            "triangle": [[float(r[i, j]) for j in range(i, q)] for i in range(q)],
            "clusters": clusters,
            "source": {
                "file": arguments.input,
                "sha256": sha256,
                "rows_read": int(counts["rows"]),
                "dropped_rows": int(counts["rows"]) - int(n),
                "encoding": "UTF-8",
                "missing_values": {c: int(counts[f"null_{i}"]) for i, c in enumerate(columns)},
            },
        }
        temporary = arguments.output + ".tmp"
        with open(temporary, "w") as f:
            f.write(json.dumps(document, sort_keys=True, separators=(",", ":")) + "\n")
        os.replace(temporary, arguments.output)
        sys.stderr.write(f"wrote {arguments.output}: {n} rows of {counts['rows']} ({len(indicators)} indicators"
                         + (f", {len(clusters['labels'])} clusters of {arguments.cluster}" if clusters else "") + ")\n")
    finally:
        spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
