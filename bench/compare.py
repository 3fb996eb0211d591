"""Checks that every tool of the benchmark computed the same statistics.

    python compare.py roi-summary.json raw.json [polars.json duckdb.json ...]

roi's summary.json is put in the form the other tools print (see peers.py); every figure
of every tool must equal the raw baseline's to 1e-9 (relative): sums taken in another order
differ in the last bits, nothing more. Exits 1 and lists the differences otherwise.
"""

import json
import math
import sys


def from_roi(path):
    d = json.load(open(path, encoding="utf-8"))
    out = {}
    for side in ["today", "after"]:
        inputs = d["inputs"][side]
        metrics = {}
        for name, m in d["metrics"].items():
            s = m[side]
            if not s or not s.get("n"):
                continue
            if m["kind"] == "case_duration":
                metrics[name] = {
                    "n": s["n"], "total": s["mean"] * s["n"],
                    **{k: s[k] for k in ["mean", "std", "min", "max", "median", "p90", "p95"]},
                    "weekly": {w["week_start"]: [w["n"], w["mean"]] for w in s["weekly"]},
                }
            else:
                metrics[name] = {"n": s["n"], "total": s["total"]}
        out[side] = {"first_day": inputs["first_date"], "last_day": inputs["last_date"],
                     "metrics": metrics}
    return out


def differences(a, b, where=""):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                yield f"{where}/{k}: only in {'the first' if k in a else 'the second'}"
            else:
                yield from differences(a[k], b[k], f"{where}/{k}")
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            yield from differences(x, y, f"{where}[{i}]")
    elif isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if not math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9):
            yield f"{where}: {a} != {b}"
    elif a != b:
        yield f"{where}: {a!r} != {b!r}"


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: compare.py roi-summary.json raw.json [other.json ...]")
    reference = json.load(open(sys.argv[2], encoding="utf-8"))
    others = [("roi", from_roi(sys.argv[1]))]
    others += [(p, json.load(open(p, encoding="utf-8"))) for p in sys.argv[3:]]
    bad = 0
    for name, figures in others:
        diffs = list(differences(reference, figures))
        for d in diffs[:20]:
            print(f"{name}: {d}", file=sys.stderr)
        bad += len(diffs)
    if bad:
        sys.exit(f"{bad} figures differ from the raw baseline")


if __name__ == "__main__":
    main()
