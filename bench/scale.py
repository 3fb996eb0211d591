"""Past one machine: 100 million events as a partitioned Parquet dataset, summarised where
they live by the DuckDB and the Spark SQL recipes, then roi on the two summaries.

Usage: bench/scale.sh [--events N]   (default 100,000,000; both sides together)

Prints the time of each step, the summaries' agreement and roi's case; the figures go into
the README's "Speed" section.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROI = os.path.join(ROOT, "target", "release", "roi")
CONFIG = os.path.join(ROOT, "samples", "roi.toml")


def generate(con, folder, side, n, start):
    """n events over 30 days from `start`, partitioned by day: cycle time in hours (two
    decimals, as exports write them), response time in minutes, errors and downtime."""
    shift = 0.0 if side == "today" else -1.7
    con.sql(
        f"""
        COPY (
          SELECT
            CASE WHEN k < 4 THEN 'cycle_time' WHEN k < 7 THEN 'response_time'
                 WHEN k < 9 THEN 'errors' ELSE 'downtime' END AS metric,
            CASE WHEN k < 4 THEN round(greatest(0.1, 6.0 + {shift} + 3 * (random() + random() + random() - 1.5)), 2)
                 WHEN k < 7 THEN round(greatest(1.0, 35 + 10 * {shift} + 20 * (random() - 0.5)), 1)
                 WHEN k < 9 THEN CAST(floor(random() * 3) AS DOUBLE)
                 ELSE round(random() * 2, 2) END AS value,
            CASE WHEN k < 4 THEN 'h' WHEN k < 7 THEN 'min' WHEN k < 9 THEN 'count' ELSE 'min' END AS unit,
            DATE '{start}' + CAST(i % 30 AS INTEGER) AS date
          FROM (SELECT i, hash(i) % 10 AS k FROM range({n}) t(i))
        ) TO '{folder}' (FORMAT parquet, PARTITION_BY (date), OVERWRITE_OR_IGNORE)
        """
    )


def roi(*args):
    run = subprocess.run([ROI, *args], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"roi {' '.join(args)}:\n{run.stderr}")
    return run.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=100_000_000)
    ap.add_argument("--keep", help="folder for the dataset (default: a temporary one)")
    args = ap.parse_args()
    import duckdb

    work = args.keep or tempfile.mkdtemp()
    con = duckdb.connect()
    sides = {"today": "2026-09-01", "after": "2026-10-19"}
    t = time.perf_counter()
    for side, start in sides.items():
        generate(con, os.path.join(work, side), side, args.events // 2, start)
    print(f"scale: generated {args.events:,} events as Parquet partitioned by day in {time.perf_counter() - t:.1f} s")
    sizes = sum(
        os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(work) for f in fs if f.endswith(".parquet")
    )
    print(f"scale: dataset {sizes / 1e6:,.0f} MB")

    summaries = {}
    # DuckDB.
    for side in sides:
        source = f"read_parquet('{work}/{side}/**/*.parquet', hive_partitioning = true)"
        sql = roi("recipe", "duckdb", "--config", CONFIG, "--source", source)
        out = os.path.join(work, f"duckdb-{side}.csv")
        t = time.perf_counter()
        con.sql(f"COPY ({sql}) TO '{out}' (HEADER)")
        print(f"scale: DuckDB recipe, {side}: {time.perf_counter() - t:.1f} s")
        summaries[("duckdb", side)] = out
    # Spark in local mode, every core.
    from pyspark.sql import SparkSession

    t = time.perf_counter()
    spark = (
        SparkSession.builder.master("local[*]")
        .appName("roi-scale")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "8g")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    print(f"scale: Spark started in {time.perf_counter() - t:.1f} s")
    for side in sides:
        spark.read.parquet(os.path.join(work, side)).createOrReplaceTempView(f"raw_{side}")
        sql = roi("recipe", "spark", "--config", CONFIG, "--source", f"raw_{side}")
        folder = os.path.join(work, f"spark-{side}")
        t = time.perf_counter()
        spark.sql(sql).coalesce(1).write.option("header", True).mode("overwrite").csv(folder)
        print(f"scale: Spark recipe, {side}: {time.perf_counter() - t:.1f} s")
        (part,) = [os.path.join(folder, f) for f in os.listdir(folder) if f.startswith("part-")]
        summaries[("spark", side)] = part
    spark.stop()
    # roi on each pair of summaries.
    cases = {}
    for engine in ("duckdb", "spark"):
        t = time.perf_counter()
        out = tempfile.mkdtemp()
        cases[engine] = json.loads(
            roi("compute", summaries[(engine, "today")], summaries[(engine, "after")],
                "--config", CONFIG, "--format", "json", "--out", out)
        )
        print(f"scale: roi on the {engine} summaries (with every chart): {time.perf_counter() - t:.2f} s")
    same = cases["duckdb"]["savings"] == cases["spark"]["savings"]
    d, s = cases["duckdb"], cases["spark"]
    print(
        f"scale: the two engines' cases agree: {same} "
        f"(annual {d['savings']['annual_risk_adjusted']} vs {s['savings']['annual_risk_adjusted']} {d['currency']}; "
        f"cycle time n {d['metrics']['cycle_time']['today']['n']:,})"
    )
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
