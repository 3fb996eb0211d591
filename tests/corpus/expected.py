#!/usr/bin/env python3
"""Expected figures for the corpus of real exports, computed independently of roi.

Each dataset's today.csv and after.csv are read the way its README.md says the source means
them (timestamps parsed here, the source's own missing-value tokens honoured), and the figures
roi must report are written to <dataset>/expected.json. roi is never run here.

    python3 -m venv /tmp/corpus-venv && /tmp/corpus-venv/bin/pip install pandas numpy
    /tmp/corpus-venv/bin/python tests/corpus/expected.py            # every dataset
    /tmp/corpus-venv/bin/python tests/corpus/expected.py NAME ...   # some

expected.json:
    sides.{today,after}: first_date, last_date, window_days (from the mapped date column,
        first to last calendar day inclusive), cases (case observations of the volume metric),
        cases_per_month = cases / (window_days / 30.4375)
    metrics.NAME.unit, metrics.NAME.kind
    metrics.NAME.{today,after} for a case duration: n, mean, median, p90, p95 (numpy
        percentile, linear = Excel PERCENTILE.INC), min, max, std (sample, n - 1) and
        sla_share where a target or an SLA column is mapped; for a count: total, per_month
    info: counts that explain the figures (open cases, missing cells, …); not compared
"""

import json
import sys
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
MONTH_DAYS = 30.4375
# roi's own tokens for "not observed" (any case), beside an empty cell.
NA_TOKENS = {"", "na", "n/a", "#n/a", "null", "none"}


def is_missing(value, extra=()):
    return value.strip().lower() in NA_TOKENS or value.strip() in extra


def read(dataset, side):
    """The file as text cells: no type guessing, no missing-value guessing."""
    return pd.read_csv(
        HERE / dataset / f"{side}.csv", dtype=str, keep_default_na=False, na_filter=False
    )


def window(days):
    """First day, last day, days inclusive, from a series of datetime.date."""
    first, last = min(days), max(days)
    return {
        "first_date": first.isoformat(),
        "last_date": last.isoformat(),
        "window_days": (last - first).days + 1,
    }


def duration_stats(values):
    v = np.asarray(values, dtype=float)
    return {
        "n": int(v.size),
        "mean": float(v.mean()),
        "median": float(np.percentile(v, 50)),
        "p90": float(np.percentile(v, 90)),
        "p95": float(np.percentile(v, 95)),
        "min": float(v.min()),
        "max": float(v.max()),
        "std": float(v.std(ddof=1)),
    }


def count_stats(total, days):
    return {"total": float(total), "per_month": float(total) / (days / MONTH_DAYS)}


def side_summary(win, cases):
    s = dict(win)
    s["cases"] = int(cases)
    s["cases_per_month"] = cases / (win["window_days"] / MONTH_DAYS)
    return s


def parse_duration(text):
    """'5d', '4h', '30min' → hours."""
    for unit, hours in (("min", 1 / 60), ("d", 24.0), ("h", 1.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * hours
    raise ValueError(text)


# ---------------------------------------------------------------------------------------------
# ServiceNow incident list (UCI "Incident management process enriched event log"), one row per
# incident. opened_at is the start of the cycle time and the incident's date; resolved_at its
# end; `?` is ServiceNow's empty field; timestamps are d/m/yyyy hh:mm, local time, no zone.

SNOW_FORMAT = "%d/%m/%Y %H:%M"


def servicenow(dataset, sla):
    out = {"sides": {}, "metrics": {}, "info": {}}
    ct = {"unit": "h", "kind": "case_duration"}
    errors = {"unit": "count", "kind": "count"}
    reassign = {"unit": "count", "kind": "count"}
    for side in ("today", "after"):
        df = read(dataset, side)
        info = {"rows": len(df), "open": 0, "reversed": 0}
        hours, met, met_all, days = [], [], [], []
        reopen_total = 0
        reassign_total = 0
        for _, row in df.iterrows():
            start = datetime.strptime(row["opened_at"], SNOW_FORMAT)
            days.append(start.date())
            if not is_missing(row["reopen_count"], ("?",)):
                reopen_total += int(row["reopen_count"])
            if not is_missing(row["reassignment_count"], ("?",)):
                reassign_total += int(row["reassignment_count"])
            flag = None
            if not is_missing(row["made_sla"], ("?",)):
                flag = {"true": True, "false": False}[row["made_sla"].strip().lower()]
                met_all.append(flag)
            if is_missing(row["resolved_at"], ("?",)):
                info["open"] += 1
                continue
            end = datetime.strptime(row["resolved_at"], SNOW_FORMAT)
            if end < start:
                info["reversed"] += 1
                continue
            h = (end - start).total_seconds() / 3600
            hours.append(h)
            if sla == "made_sla":
                if flag is not None:
                    met.append(flag)
            else:
                target = sla["by"].get(row["priority"], sla["default"])
                met.append(h <= target)
        win = window(days)
        stats = duration_stats(hours)
        stats["sla_share"] = sum(met) / len(met)
        if sla == "made_sla":
            # The same verdict over every incident that has one, measured or not.
            info["sla_share_all_incidents"] = sum(met_all) / len(met_all)
        ct[side] = stats
        errors[side] = count_stats(reopen_total, win["window_days"])
        reassign[side] = count_stats(reassign_total, win["window_days"])
        out["sides"][side] = side_summary(win, stats["n"])
        out["info"][side] = info
    out["metrics"]["cycle_time"] = ct
    out["metrics"]["errors"] = errors
    if sla == "made_sla":
        out["metrics"]["reassignments"] = reassign
    return out


def servicenow_made_sla():
    return servicenow("servicenow_made_sla", "made_sla")


def servicenow_priority_sla():
    by = {"1 - Critical": "4h", "2 - High": "1d", "3 - Moderate": "5d"}
    sla = {
        "by": {k: parse_duration(v) for k, v in by.items()},
        "default": parse_duration("10d"),
    }
    return servicenow("servicenow_priority_sla", sla)


# ---------------------------------------------------------------------------------------------
# nycflights13: one row per scheduled flight; air_time in minutes, NA when the flight was
# cancelled or diverted; time_hour an ISO timestamp in UTC, dated by the calendar day written.


def nycflights13_jfk_aa():
    dataset = "nycflights13_jfk_aa"
    out = {"sides": {}, "metrics": {}, "info": {}}
    ct = {"unit": "h", "kind": "case_duration"}
    for side in ("today", "after"):
        df = read(dataset, side)
        days = [datetime.strptime(t[:10], "%Y-%m-%d").date() for t in df["time_hour"]]
        present = [v for v in df["air_time"] if not is_missing(v)]
        hours = [float(v) / 60 for v in present]
        win = window(days)
        stats = duration_stats(hours)
        ct[side] = stats
        out["sides"][side] = side_summary(win, stats["n"])
        out["info"][side] = {"rows": len(df), "air_time_missing": len(df) - len(present)}
    out["metrics"]["cycle_time"] = ct
    return out


# ---------------------------------------------------------------------------------------------
# WABO receipt log as pm4py writes it: one row per event. A case's cycle time is its first to
# its last event; response time its first event to its first "T02 Check confirmation of
# receipt"; rework, a case with a repeated activity, on the day of its last event. Timestamps
# are ISO with fractional seconds and a zone (+01:00 / +02:00 across the DST change): elapsed
# time uses the zones, the day is the calendar day as written.

RECEIPT_RESPONSE = "T02 Check confirmation of receipt"


def wabo_receipt_events():
    dataset = "wabo_receipt_events"
    out = {"sides": {}, "metrics": {}, "info": {}}
    ct = {"unit": "h", "kind": "case_duration"}
    rt = {"unit": "min", "kind": "case_duration"}
    rework = {"unit": "count", "kind": "count"}
    for side in ("today", "after"):
        df = read(dataset, side)
        df["t"] = [datetime.fromisoformat(t) for t in df["time:timestamp"]]
        df["day"] = [datetime.strptime(t[:10], "%Y-%m-%d").date() for t in df["time:timestamp"]]
        hours, minutes, end_days = [], [], []
        single, reworked = 0, 0
        for _, case in df.groupby("case:concept:name", sort=False):
            case = case.sort_values("t", kind="stable")
            first, last = case["t"].iloc[0], case["t"].iloc[-1]
            end_days.append(case.loc[case["t"].idxmax(), "day"])
            if len(case) < 2:
                single += 1
            else:
                hours.append((last - first).total_seconds() / 3600)
            answered = case[case["concept:name"] == RECEIPT_RESPONSE]
            if len(answered) and len(case) >= 2:
                minutes.append((answered["t"].iloc[0] - first).total_seconds() / 60)
            if case["concept:name"].duplicated().any():
                reworked += 1
        # A case is dated by its last event: the window is the span of those days (the span
        # of every event's day reaches back to the first event of the oldest case; kept in
        # info for the record).
        win = window(end_days)
        event_win = window(list(df["day"]))
        ctx = duration_stats(hours)
        rtx = duration_stats(minutes)
        rtx["sla_share"] = float(np.mean(np.asarray(minutes) <= 60.0))
        ct[side] = ctx
        rt[side] = rtx
        rework[side] = count_stats(reworked, win["window_days"])
        out["sides"][side] = side_summary(win, ctx["n"])
        out["info"][side] = {
            "rows": len(df),
            "cases": int(df["case:concept:name"].nunique()),
            "single_event_cases": single,
            "event_window": event_win,
        }
    out["metrics"]["cycle_time"] = ct
    out["metrics"]["response_time"] = rt
    out["metrics"]["rework"] = rework
    return out


# ---------------------------------------------------------------------------------------------
# SECOM (UCI): one row per production unit tested, pass (0) or fail (1), and the test's time
# written dd/mm/yyyy hh:mm:ss. A failed unit is an error; no case duration, so no volume.


def secom_yield():
    dataset = "secom_yield"
    out = {"sides": {}, "metrics": {}, "info": {}}
    errors = {"unit": "count", "kind": "count"}
    for side in ("today", "after"):
        df = read(dataset, side)
        days = [datetime.strptime(t, "%d/%m/%Y %H:%M:%S").date() for t in df["timestamp"]]
        win = window(days)
        fails = [int(v) for v in df["fail"]]
        stats = count_stats(sum(fails), win["window_days"])
        stats["n"] = len(fails)
        errors[side] = stats
        out["sides"][side] = {**win, "cases": None, "cases_per_month": None}
        out["info"][side] = {"units": len(fails), "failed": sum(fails)}
    out["metrics"]["errors"] = errors
    return out


DATASETS = {
    "servicenow_made_sla": servicenow_made_sla,
    "servicenow_priority_sla": servicenow_priority_sla,
    "nycflights13_jfk_aa": nycflights13_jfk_aa,
    "wabo_receipt_events": wabo_receipt_events,
    "secom_yield": secom_yield,
}


def main(names):
    for name in names or DATASETS:
        result = {"dataset": name, **DATASETS[name]()}
        path = HERE / name / "expected.json"
        path.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n")
        print(f"{path.relative_to(HERE.parent.parent)}")


if __name__ == "__main__":
    main(sys.argv[1:])
