"""The Spark MLlib side of the Spark benchmark (Benchmarks/scale.sh, issue 17):

    python Benchmarks/spark_mllib_peer.py PARQUET OUTPUT.json

Spark local[2] reads the Parquet table, assembles the seven indicators into a vector and fits
LinearRegression(solver="normal") (no regularisation, no standardisation: ordinary least squares
by the normal equations, with the summary's iid standard errors), then writes the coefficients
and standard errors as JSON, for the benchmark to check against `fit --stats`.
"""
import json
import sys

from pyspark.ml.feature import VectorAssembler
from pyspark.ml.regression import LinearRegression
from pyspark.sql import SparkSession

INDICATORS = ["satisfaction_pct", "response_hours", "first_fix_pct", "resolution_hours", "complaint_resolution_pct",
              "cost_per_ticket", "utilization_pct"]


def main(path, output):
    spark = SparkSession.builder.master("local[2]").appName("mllib-peer").config("spark.ui.enabled", "false").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    frame = spark.read.parquet(path).dropna(subset=INDICATORS + ["churn_pct"])
    data = VectorAssembler(inputCols=INDICATORS, outputCol="features").transform(frame)
    model = LinearRegression(featuresCol="features", labelCol="churn_pct", solver="normal", regParam=0.0,
                             standardization=False, fitIntercept=True).fit(data)
    summary = model.summary
    # coefficientStandardErrors lists the slopes, then the intercept.
    errors = list(summary.coefficientStandardErrors)
    with open(output, "w") as f:
        json.dump({"intercept": model.intercept, "coefficients": list(model.coefficients),
                   "stdErrors": errors[:-1], "interceptStdError": errors[-1], "n": summary.numInstances}, f)
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
