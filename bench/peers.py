"""The peers of the benchmark: the statistics roi reports, computed by polars or DuckDB.

    python peers.py polars|duckdb TODAY.csv AFTER.csv

prints them as JSON (the form compare.py reads) and, on stderr, the seconds spent after the
library was imported. Each engine uses 2 threads and reads each file once; per metric the
count and sum, and for case durations the mean, sample standard deviation, minimum, maximum,
median, p90 and p95 (linear interpolation, as PERCENTILE.INC) and the weekly count and mean
(weeks start on Monday).
"""

import json
import os
import sys
import time

THREADS = "2"
DURATIONS = ["cycle_time", "response_time"]
WIDE = {"cycle_time_h": "cycle_time", "response_time_min": "response_time",
        "errors": "errors", "downtime_min": "downtime"}


def layout(path):
    with open(path, encoding="utf-8") as f:
        header = f.readline().strip().split(",")
    return "long" if "metric" in header else "wide"


def run_polars(paths):
    os.environ["POLARS_MAX_THREADS"] = THREADS
    import polars as pl

    start = time.perf_counter()
    out = {}
    for side, path in zip(["today", "after"], paths):
        if layout(path) == "long":
            df = pl.read_csv(path, schema_overrides={"value": pl.Float64, "date": pl.Date},
                             columns=["metric", "value", "date"])
        else:
            df = pl.read_csv(path, schema_overrides={c: pl.Float64 for c in WIDE} | {"date": pl.Date},
                             columns=["date", *WIDE])
            df = df.unpivot(index="date", on=list(WIDE), variable_name="metric",
                            value_name="value").drop_nulls("value")
            df = df.with_columns(pl.col("metric").replace_strict(WIDE))
        v = pl.col("value")
        stats = df.group_by("metric").agg(
            n=pl.len(), total=v.sum(), mean=v.mean(), std=v.std(), min=v.min(), max=v.max(),
            median=v.quantile(0.5, "linear"), p90=v.quantile(0.9, "linear"),
            p95=v.quantile(0.95, "linear"))
        weekly = (df.filter(pl.col("metric").is_in(DURATIONS))
                  .group_by("metric", pl.col("date").dt.truncate("1w").alias("week"))
                  .agg(n=pl.len(), mean=v.mean()))
        days = df.select(first=pl.col("date").min(), last=pl.col("date").max())
        out[side] = shape(stats.rows(named=True), weekly.rows(named=True), days.row(0, named=True))
    return out, time.perf_counter() - start


def run_duckdb(paths):
    import duckdb

    start = time.perf_counter()
    con = duckdb.connect()
    con.execute(f"SET threads = {THREADS}")
    out = {}
    for side, path in zip(["today", "after"], paths):
        if layout(path) == "long":
            con.execute("CREATE OR REPLACE TEMP TABLE t AS SELECT metric, value, date FROM "
                        "read_csv(?, header = true, columns = {'metric': 'VARCHAR', "
                        "'value': 'DOUBLE', 'unit': 'VARCHAR', 'date': 'DATE', "
                        "'process': 'VARCHAR'})", [path])
        else:
            cols = ", ".join(f"'{c}': 'DOUBLE'" for c in WIDE)
            unions = " UNION ALL ".join(
                f"SELECT '{m}' AS metric, {c} AS value, date FROM w WHERE {c} IS NOT NULL"
                for c, m in WIDE.items())
            con.execute("CREATE OR REPLACE TEMP TABLE w AS SELECT * FROM read_csv(?, header = true, "
                        f"columns = {{'date': 'DATE', 'case_id': 'VARCHAR', {cols}}})", [path])
            con.execute(f"CREATE OR REPLACE TEMP TABLE t AS {unions}")
        stats = con.execute(
            "SELECT metric, count(*) AS n, sum(value) AS total, avg(value) AS mean, "
            "stddev_samp(value) AS std, min(value) AS min, max(value) AS max, "
            "quantile_cont(value, 0.5) AS median, quantile_cont(value, 0.9) AS p90, "
            "quantile_cont(value, 0.95) AS p95 FROM t GROUP BY metric").fetchall()
        names = ["metric", "n", "total", "mean", "std", "min", "max", "median", "p90", "p95"]
        weekly = con.execute(
            "SELECT metric, date_trunc('week', date) AS week, count(*) AS n, avg(value) AS mean "
            "FROM t WHERE metric IN ('cycle_time', 'response_time') GROUP BY ALL").fetchall()
        days = con.execute("SELECT min(date), max(date) FROM t").fetchone()
        out[side] = shape([dict(zip(names, r)) for r in stats],
                          [dict(zip(["metric", "week", "n", "mean"], r)) for r in weekly],
                          {"first": days[0], "last": days[1]})
    return out, time.perf_counter() - start


def shape(stats, weekly, days):
    metrics = {}
    for r in stats:
        m = {"n": r["n"], "total": r["total"]}
        if r["metric"] in DURATIONS:
            for k in ["mean", "std", "min", "max", "median", "p90", "p95"]:
                m[k] = r[k]
            m["weekly"] = {}
        metrics[r["metric"]] = m
    for r in sorted(weekly, key=lambda r: (r["metric"], r["week"])):
        metrics[r["metric"]]["weekly"][str(r["week"])[:10]] = [r["n"], r["mean"]]
    return {"first_day": str(days["first"]), "last_day": str(days["last"]), "metrics": metrics}


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("polars", "duckdb"):
        sys.exit("usage: peers.py polars|duckdb TODAY.csv AFTER.csv")
    run = run_polars if sys.argv[1] == "polars" else run_duckdb
    out, seconds = run(sys.argv[2:])
    print(json.dumps(out))
    print(f"{seconds:.4f}", file=sys.stderr)


if __name__ == "__main__":
    main()
