"""The SQL recipes on the real engines.

The samples' raw rows are summarised by `roi recipe duckdb` (the duckdb package), by
`roi recipe spark` (PySpark in local mode) and by `roi recipe postgres` (psql on the server
tests/recipes/postgres.sh starts), with and without --by, and again with a per-case SLA
(targets by priority, a made_sla column) and cells not observed, and once more with hostile
names (quotes, backticks, backslashes, `;`, `--`, letters beyond ASCII in columns, values and a
metric); roi on each summary must build the business case roi builds from the raw rows:
money to the cent, every statistic to 1e-9 relative. Prints one line per run; exits 1 on any
difference. Arguments, if any, name the engines to run.
"""

import glob
import json
import math
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ROI = os.path.join(ROOT, "target", "release", "roi")
CONFIG = os.path.join(ROOT, "samples", "roi.toml")
SIDES = {s: os.path.join(ROOT, "samples", f"{s}.csv") for s in ("today", "after")}

# What a summary cannot carry, or carries differently by design: where the rows came
# from, the cells the raw file left empty, the percentiles every 1% (charts only), and the
# seal roi track checks a case by (its baseline text differs in the last digit of a std).
SKIP = {"inputs", "warnings", "quantiles", "missing", "track"}


# The samples again with a per-case SLA: a priority column whose values set the cycle-time
# target ([sla.by.priority]), and a made_sla column saying whether each response met the
# system's own SLA ([columns] sla_met), some cells empty; the cycle-time SLA priced; some
# values not observed; metrics under other names roi knows them by.
PER_CASE_TOML = """
[input]
missing = ["?", "b/d"]

[columns]
sla_met = { column = "made_sla", metric = "response_time" }

[sla.by.priority]
"P1" = "4h"
"P2" = { cycle_time = "6h" }
"""


# Cells that mean "not observed", in the spellings roi knows and roi.toml's own markers
# ([input] missing); the empty one is written as an empty field, the one with a space as a
# field holding a space.
NOT_OBSERVED = ("NA", "n/a", "", "#N/A", "NULL", " ", "None", "?", "B/D")


# Names roi reads as a built-in metric's (its aliases, in any case, accents and spacing): a
# third of the rows of each keep roi's name ("" below), the others are spelled so.
OTHER_SPELLINGS = {
    "cycle_time": ("", "Czas  cyklu", " Lead-Time"),
    "response_time": ("", "CZAS_REAKCJI", "First response time"),
}


def per_case_files(work):
    """The samples with priority and made_sla columns, and roi.toml with their rules."""

    def per_case(side, i, r):
        digits = "".join(c for c in r["case_id"] if c.isdigit()) or "0"
        r["priority"] = ("P1", "P2", "P3")[int(digits) % 3]
        made = ""
        if r["metric"] == "response_time" and i % 17 != 0:
            met = float(r["value"]) <= 25
            # Two spellings, as exports mix them; every 17th cell left empty.
            made = ("yes" if met else "no") if i % 5 else ("true" if met else "false")
        r["made_sla"] = made
        if i % 29 == 7:
            # A cell not observed, as exports write it: roi counts it missing, each
            # engine's recipe must read it as null (not fail on it).
            r["value"] = NOT_OBSERVED[(i // 29) % len(NOT_OBSERVED)]
        # Other spellings roi reads as the same metric, mixed in one file.
        r["metric"] = OTHER_SPELLINGS.get(r["metric"], ("", "", ""))[i % 3] or r["metric"]

    sides = rewritten(work, "per-case", per_case, ("priority", "made_sla"))
    # The cycle-time SLA priced too: its lever from the per-case shares.
    config = config_copy(
        work,
        "per-case",
        lambda t: t.replace("[rates]", "[rates]\ncost_per_cycle_breach = 15", 1) + PER_CASE_TOML,
    )
    return sides, config


# Names with every character SQL quoting must handle: a quote, a double quote, a backtick, a
# backslash, a semicolon, `--` and letters beyond ASCII in the columns (the segment, the SLA
# columns), in a dimension's value and in a custom metric's name (issue 25: Spark's literals
# were quoted the ANSI way, so a metric named o'brien lost its weekly and SLA rows on PySpark).
HOSTILE_BY = "pro'c\"`\\; -- ess żółć"
HOSTILE_PRIORITY = "pri'o\"`\\;--"
HOSTILE_MADE = "made'\"`\\;--sla"
HOSTILE_P1 = "P1'\\; -- \"` łódź →"
HOSTILE_METRIC = "o'brien\\x É→"


def toml_string(s):
    return json.dumps(s)


def hostile_files(work, sides):
    """The per-case files with hostile names, and roi.toml with their rules."""
    import csv

    names = {"process": HOSTILE_BY, "priority": HOSTILE_PRIORITY, "made_sla": HOSTILE_MADE}
    out_sides = {}
    for side, path in sides.items():
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
        out = os.path.join(work, f"hostile-{side}.csv")
        with open(out, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=[names.get(k, k) for k in rows[0]])
            w.writeheader()
            for r in rows:
                if r["priority"] == "P1":
                    r["priority"] = HOSTILE_P1
                row = {names.get(k, k): v for k, v in r.items()}
                w.writerow(row)
                if r["metric"] == "cycle_time":
                    w.writerow({**row, "metric": HOSTILE_METRIC})
        out_sides[side] = out
    config = os.path.join(work, "hostile.toml")
    with open(CONFIG) as f, open(config, "w") as g:
        text = f.read().replace("[rates]", "[rates]\ncost_per_cycle_breach = 15", 1)
        # The logo is named relative to roi.toml: this copy names it where it is.
        text = text.replace('logo = "logo.png"', f'logo = "{os.path.join(ROOT, "samples", "logo.png")}"')
        text = text.replace("[sla]", f"[sla]\n{toml_string(HOSTILE_METRIC)} = \"6h\"", 1)
        g.write(
            text
            + f"""
[input]
missing = ["?", "b/d"]

[metrics.{toml_string(HOSTILE_METRIC)}]
kind = "case_duration"

[columns]
sla_met = {{ column = {toml_string(HOSTILE_MADE)}, metric = "response_time" }}

[sla.by.{toml_string(HOSTILE_PRIORITY)}]
{toml_string(HOSTILE_P1)} = "4h"
"P2" = {{ cycle_time = "6h" }}
"""
        )
    return out_sides, config


def spelled_number(v, i):
    """v as exports write numbers, by the row's index: a decimal comma, spaces, no-break
    spaces or apostrophes between thousands, both separators (the last one the decimal)."""
    t = repr(v) if v != int(v) else str(int(v))
    whole, _, frac = t.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    forms = (
        t,
        t.replace(".", ","),
        " ".join(groups) + ("," + frac if frac else ""),
        "\u00a0".join(groups) + ("," + frac if frac else ""),
        "'".join(groups) + ("." + frac if frac else ""),
        ".".join(groups) + "," + (frac or "0"),
        ",".join(groups) + "." + (frac or "0"),
        f" {t.replace('.', ',')} ",
    )
    return forms[i % len(forms)]


def rewritten(work, name, edit, added=()):
    """The samples' two sides with each row changed by edit(side, index, row) in place (and
    the columns `added` set by it), written to work as name-SIDE.csv."""
    import csv

    sides = {}
    for side, path in SIDES.items():
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
        out = os.path.join(work, f"{name}-{side}.csv")
        with open(out, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=[*rows[0].keys(), *added])
            w.writeheader()
            for i, r in enumerate(rows):
                edit(side, i, r)
                w.writerow(r)
        sides[side] = out
    return sides


def config_copy(work, name, edit=lambda text: text):
    """The samples' roi.toml in work, changed by edit, its logo named where it is (roi reads
    it relative to roi.toml)."""
    config = os.path.join(work, f"{name}.toml")
    with open(CONFIG) as f, open(config, "w") as g:
        text = f.read().replace('logo = "logo.png"', f'logo = "{os.path.join(ROOT, "samples", "logo.png")}"')
        g.write(edit(text))
    return config


# A spelling of each metric's unit roi reads, by side (a summary has one unit per metric):
# response times without a unit today (the metric's own, minutes) and in seconds after,
# cycle times in hours, downtime in minutes, counts with or without a unit.
UNIT_SPELLINGS = {
    "response_time": {"today": "", "after": "Sekundy"},
    "cycle_time": {"today": "godz.", "after": "Hours"},
    "downtime": {"today": "minuty", "after": "Minut"},
    "errors": {"today": "szt", "after": ""},
    "complaints": {"today": "#", "after": "n"},
}


def spelled_files(work):
    """The samples with their numbers spelled as exports write them (response times in
    seconds, so that thousands are grouped), and roi.toml: roi reads each as the number it
    is, and each engine's recipe must read it the same."""

    def spell(side, i, r):
        unit = UNIT_SPELLINGS[r["metric"]][side]
        if r["value"].strip():
            v = float(r["value"])
            if unit == "Sekundy":
                v = v * 60
            r["value"] = spelled_number(v, i)
        # Units as exports write them (roi.toml's SLA targets are in hours and minutes).
        r["unit"] = unit

    return rewritten(work, "spelled", spell), config_copy(work, "spelled")


# Cells roi refuses in a file (a typo, a negative duration, an id in the value column): each
# engine's recipe must stop on them too, naming the cell, not read them as not observed.
# Also a unit roi does not know, and a count that is not whole (in the after side's first
# errors row, and the stop names the metric; the others in its 41st row).
REFUSED = (("value", "fast"), ("value", "-2.5"), ("value", "1e400"), ("value", "12345678901"),
           ("unit", "parsec"), ("value", "2.5", "errors"))


def refused_files(work, refused):
    """The samples with one value (or unit) of the after side replaced, and roi.toml."""
    column, cell, *metric = refused
    done = []

    def refuse(side, i, r):
        if side != "after" or done:
            return
        if (metric and r["metric"] == metric[0]) or (not metric and i == 40):
            r[column] = cell
            done.append(i)

    name = f"refused-{REFUSED.index(refused)}"
    return rewritten(work, name, refuse), config_copy(work, name)


def roi(*args):
    run = subprocess.run([ROI, *args], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"roi {' '.join(args)} failed:\n{run.stderr}")
    return run.stdout


def case(today, after, by, config=CONFIG):
    out = tempfile.mkdtemp()
    args = ["compute", today, after, "--config", config, "--format", "json", "--out", out, "--no-charts"]
    if by:
        args += ["--by", by]
    return json.loads(roi(*args))


def differences(a, b, path=""):
    """Every place where b is not a: text exactly (money is text), numbers to 1e-9."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k in SKIP:
                continue
            if k not in a or k not in b:
                yield f"{path}.{k}: only in {'raw' if k in a else 'summary'}"
                continue
            yield from differences(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            yield f"{path}: {len(a)} items vs {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            yield from differences(x, y, f"{path}[{i}]")
    elif isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        if not math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12):
            yield f"{path}: {a} vs {b}"
    elif a != b:
        yield f"{path}: {a!r} vs {b!r}"


def duckdb_summary(side, by, work, sides=SIDES, config=CONFIG):
    import duckdb

    # The samples as DuckDB types them (the values a double), the other files all text.
    typed = config == CONFIG
    source = f"read_csv('{sides[side]}'" + ("" if typed else ", all_varchar = true") + ")"
    args = ["recipe", "duckdb", "--config", config, "--source", source]
    if by:
        args += ["--by", by]
    sql = roi(*args)
    out = os.path.join(work, f"duckdb-{side}-{os.path.basename(config)}.csv")
    duckdb.sql(f"COPY ({sql}) TO '{out}' (HEADER)")
    return out


SPARK = None


def spark_summary(side, by, work, sides=SIDES, config=CONFIG):
    global SPARK
    if SPARK is None:
        from pyspark.sql import SparkSession

        SPARK = (
            SparkSession.builder.master("local[2]")
            .appName("roi-recipe")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate()
        )
        # The stops the checks ask for are errors of the executor: its log stays quiet, the
        # exception carries the message.
        SPARK.sparkContext.setLogLevel("OFF")
    view = f"raw_{side}"
    # A quote inside a quoted CSV field is doubled, as Python's csv writes it.
    # The samples with the types Spark infers (the values a double), the other files as text.
    reader = SPARK.read.option("header", True).option("escape", '"')
    if config == CONFIG:
        reader = reader.option("inferSchema", True)
    reader.csv(sides[side]).createOrReplaceTempView(view)
    args = ["recipe", "spark", "--config", config, "--source", view]
    if by:
        args += ["--by", by]
    sql = roi(*args)
    folder = os.path.join(work, f"spark-{side}-{os.path.basename(config)}")
    SPARK.sql(sql).coalesce(1).write.option("header", True).mode("overwrite").csv(folder)
    (part,) = glob.glob(os.path.join(folder, "part-*.csv"))
    return part


# A session as a user's may be set up: dates written day first (DateStyle), and a time zone
# whose clocks jump at midnight in the samples' month (Chile, 6 September 2026); the recipe's
# weeks and days must not depend on either.
PG_SESSION = {**os.environ, "PGDATESTYLE": "SQL, DMY", "PGTZ": "America/Santiago"}


def pg_type(cells):
    """A column's type as a table built for it would have it: double precision when every
    cell is a number or empty, date when every cell is a day, else text."""
    import re

    def number(c):
        try:
            float(c)
            return True
        except ValueError:
            return False

    filled = [c for c in cells if c != ""]
    if filled and all(number(c) for c in filled):
        return "double precision"
    if filled and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", c) for c in filled):
        return "date"
    return "text"


def postgres_summary(side, by, work, sides=SIDES, config=CONFIG):
    """The side's rows loaded into a table by psql's \\copy, the recipe run by psql, its result
    saved as CSV with a header (psql --csv), as a user runs it."""
    import csv

    def psql(*args):
        run = subprocess.run(
            [os.environ["ROI_PSQL"], "-X", "-q", "-v", "ON_ERROR_STOP=1", *args],
            capture_output=True,
            text=True,
            env=PG_SESSION,
        )
        if run.returncode != 0:
            sys.exit(f"psql {' '.join(args)} failed:\n{run.stderr}")

    with open(sides[side], newline="") as f:
        header, *rows = list(csv.reader(f))
    table = f"raw_{side}"
    # The samples into a table typed as one built for them would be; the other files into an
    # all-text table, as a staging table loaded from an export is.
    typed = config == CONFIG
    columns = ", ".join(
        '"' + c.replace('"', '""') + '" ' + (pg_type([r[i] for r in rows]) if typed else "text")
        for i, c in enumerate(header)
    )
    load = os.path.join(work, f"postgres-load-{side}-{os.path.basename(config)}.sql")
    with open(load, "w") as f:
        f.write(
            "SET client_min_messages = warning;\n"
            f"DROP TABLE IF EXISTS {table};\n"
            f"CREATE TABLE {table} ({columns});\n"
            f"\\copy {table} FROM '{sides[side]}' WITH (FORMAT csv, HEADER)\n"
        )
    psql("-f", load)
    args = ["recipe", "postgres", "--config", config, "--source", table]
    if by:
        args += ["--by", by]
    recipe = os.path.join(work, f"postgres-{side}-{os.path.basename(config)}.sql")
    with open(recipe, "w") as f:
        f.write(roi(*args))
    out = os.path.join(work, f"postgres-{side}-{os.path.basename(config)}.csv")
    psql("--csv", "-f", recipe, "-o", out)
    return out


ENGINES = (("duckdb", duckdb_summary), ("spark", spark_summary), ("postgres", postgres_summary))


def main():
    failed = False
    work = tempfile.mkdtemp()
    per_case, per_case_config = per_case_files(work)
    hostile, hostile_config = hostile_files(work, per_case)
    runs = [
        (None, SIDES, CONFIG, ""),
        ("process", SIDES, CONFIG, ""),
        (None, per_case, per_case_config, ", per-case SLA"),
        ("process", per_case, per_case_config, ", per-case SLA"),
        (HOSTILE_BY, hostile, hostile_config, ", hostile names"),
    ]
    # tests/recipes.sh ENGINE... runs only those engines.
    engines = [e for e in ENGINES if e[0] in sys.argv[1:]] if sys.argv[1:] else ENGINES
    unknown = set(sys.argv[1:]) - {e[0] for e in ENGINES}
    if unknown:
        known = ", ".join(e[0] for e in ENGINES)
        sys.exit(f"recipes: unknown engine {', '.join(sorted(unknown))}; known: {known}")
    spelled, spelled_config = spelled_files(work)
    runs.append((None, spelled, spelled_config, ", numbers spelled as exports write them"))
    for refused in REFUSED:
        cell = refused[1]
        sides, config = refused_files(work, refused)
        if subprocess.run([ROI, "compute", sides["today"], sides["after"], "--config", config,
                           "--out", tempfile.mkdtemp()], capture_output=True).returncode != 1:
            failed = True
            print(f"recipes: roi read the value {cell!r} from the raw rows; it must refuse it")
        for engine, summarise in engines:
            try:
                summarise("after", None, work, sides, config)
                stopped = None
            except (Exception, SystemExit) as e:
                stopped = str(e)
            named = refused[2] if len(refused) > 2 else cell.strip()
            if stopped is None or named not in stopped:
                failed = True
                print(f"recipes: {engine} read the value {cell!r}, which roi refuses; it must "
                      f"stop on it, naming it{': ' + stopped[-300:] if stopped else ''}")
            else:
                print(f"recipes: {engine} stops on the value {cell!r}, as roi does")
    for by, sides, config, what in runs:
        raw = case(sides["today"], sides["after"], by, config)
        for engine, summarise in engines:
            today = summarise("today", by, work, sides, config)
            after = summarise("after", by, work, sides, config)
            got = case(today, after, by, config)
            diffs = list(differences(raw, got))
            label = f"{engine}{' --by ' + repr(by) if by else ''}{what}"
            if diffs:
                failed = True
                print(f"recipes: {label}: {len(diffs)} differences from the raw rows:")
                for d in diffs[:20]:
                    print(f"  {d}")
            else:
                print(
                    f"recipes: {label}: the same case as from the raw rows "
                    f"(annual {got['savings']['annual_risk_adjusted']} {got['currency']}, "
                    f"NPV {got['finance']['npv']})"
                )
    if SPARK is not None:
        SPARK.stop()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
