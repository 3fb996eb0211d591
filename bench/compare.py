"""Checks that every tool of the benchmark computed the same statistics.

    python compare.py REFERENCE.json OTHER.json [...]

Each file is a roi summary.json (put in the form the other tools print, see peers.py) or a
peer's JSON; every figure of every file must equal the first's (the raw baseline, or a peer
where there is none) to 1e-9 (relative): sums taken in another order differ in the last
bits, nothing more. Exits 1 and lists the differences otherwise.
"""

import json
import math
import sys


def load(path):
    d = json.load(open(path, encoding="utf-8"))
    return from_roi(d) if "inputs" in d else d


def from_roi(d):
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
        sys.exit("usage: compare.py REFERENCE.json OTHER.json [...]")
    reference = load(sys.argv[1])
    bad = 0
    for path in sys.argv[2:]:
        diffs = list(differences(reference, load(path)))
        for d in diffs[:20]:
            print(f"{path}: {d}", file=sys.stderr)
        bad += len(diffs)
    if bad:
        sys.exit(f"{bad} figures differ from {sys.argv[1]}'s")


if __name__ == "__main__":
    main()
