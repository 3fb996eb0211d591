"""The peers of the benchmark: the statistics roi reports, computed by polars or DuckDB.

    python peers.py polars|duckdb TODAY AFTER

prints them as JSON (the form compare.py reads) and, on stderr, the seconds spent after the
library was imported. Each engine uses 2 threads and reads each file once; per metric the
count and sum, and for case durations the mean, sample standard deviation, minimum, maximum,
median, p90 and p95 (linear interpolation, as PERCENTILE.INC) and the weekly count and mean
(weeks start on Monday).

The files are long or wide CSV exports, event logs (columns case, activity, timestamp: per
case its first and last event, its first "Respond" and whether an activity repeats, with a
GROUP BY case; cycle time in hours for cases of more than one event, response time in
minutes, rework as a count, each dated by the case's last event) or, for polars alone, wide
.xlsx workbooks (read_excel with the calamine engine).
"""

import json
import os
import sys
import time

THREADS = "2"
DURATIONS = ["cycle_time", "response_time"]
WIDE = {"cycle_time_h": "cycle_time", "response_time_min": "response_time",
        "errors": "errors", "downtime_min": "downtime"}
XLSX = {"cycle_time_h": "cycle_time", "response_time_min": "response_time", "errors": "errors"}


RESPONSE = "Respond"


def layout(path):
    if path.endswith(".xlsx"):
        return "xlsx"
    with open(path, encoding="utf-8") as f:
        header = f.readline().strip().split(",")
    if "activity" in header:
        return "events"
    return "long" if "metric" in header else "wide"


def polars_events(pl, path):
    """An event log's cases as (metric, value, date) rows."""
    ts = pl.col("timestamp")
    df = pl.read_csv(path, schema_overrides={"case": pl.String, "activity": pl.String,
                                             "timestamp": pl.Datetime("us")})
    c = df.group_by("case").agg(
        first=ts.min(), last=ts.max(), n=pl.len(),
        resp=ts.filter(pl.col("activity") == RESPONSE).min(),
        acts=pl.col("activity").n_unique())
    date = pl.col("last").dt.date().alias("date")
    cycle = c.filter(pl.col("n") > 1).select(
        pl.lit("cycle_time").alias("metric"),
        ((pl.col("last") - pl.col("first")).dt.total_microseconds() / 3.6e9).alias("value"), date)
    response = c.filter(pl.col("resp").is_not_null()).select(
        pl.lit("response_time").alias("metric"),
        ((pl.col("resp") - pl.col("first")).dt.total_microseconds() / 6e7).alias("value"), date)
    rework = c.select(pl.lit("rework").alias("metric"),
                      (pl.col("n") > pl.col("acts")).cast(pl.Float64).alias("value"), date)
    return pl.concat([cycle, response, rework])


def run_polars(paths):
    os.environ["POLARS_MAX_THREADS"] = THREADS
    import polars as pl

    start = time.perf_counter()
    out = {}
    for side, path in zip(["today", "after"], paths):
        kind = layout(path)
        if kind == "events":
            df = polars_events(pl, path)
        elif kind == "long":
            df = pl.read_csv(path, schema_overrides={"value": pl.Float64, "date": pl.Date},
                             columns=["metric", "value", "date"])
        elif kind == "xlsx":
            df = pl.read_excel(path, engine="calamine")
            df = df.select(pl.col("date").cast(pl.Date),
                           *[pl.col(c).cast(pl.Float64) for c in XLSX])
            df = df.unpivot(index="date", on=list(XLSX), variable_name="metric",
                            value_name="value").drop_nulls("value")
            df = df.with_columns(pl.col("metric").replace_strict(XLSX))
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
        kind = layout(path)
        if kind == "events":
            con.execute(
                "CREATE OR REPLACE TEMP TABLE c AS SELECT \"case\", min(timestamp) AS first, "
                "max(timestamp) AS last, count(*) AS n, "
                "min(timestamp) FILTER (WHERE activity = ?) AS resp, "
                "count(DISTINCT activity) AS acts FROM read_csv(?, header = true, columns = "
                "{'case': 'VARCHAR', 'activity': 'VARCHAR', 'timestamp': 'TIMESTAMP'}) "
                "GROUP BY \"case\"", [RESPONSE, path])
            con.execute(
                "CREATE OR REPLACE TEMP TABLE t AS "
                "SELECT 'cycle_time' AS metric, epoch_us(last - first) / 3.6e9 AS value, "
                "CAST(last AS DATE) AS date FROM c WHERE n > 1 UNION ALL "
                "SELECT 'response_time', epoch_us(resp - first) / 6e7, CAST(last AS DATE) "
                "FROM c WHERE resp IS NOT NULL UNION ALL "
                "SELECT 'rework', CAST(n > acts AS DOUBLE), CAST(last AS DATE) FROM c")
        elif kind == "long":
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
        sys.exit("usage: peers.py polars|duckdb TODAY AFTER")
    run = run_polars if sys.argv[1] == "polars" else run_duckdb
    out, seconds = run(sys.argv[2:])
    print(json.dumps(out))
    print(f"{seconds:.4f}", file=sys.stderr)


if __name__ == "__main__":
    main()
