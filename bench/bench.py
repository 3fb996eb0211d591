"""Runs the benchmark: roi, the raw baseline, polars and DuckDB on the same files, in one run,
interleaved, and prints a Markdown table of the median times, the ratios and the peak memory
per observation. Called by bench/run.sh, which builds the binaries and the Python environment.

    python bench.py [--smoke] [--rounds N] [--dir DIR] [SCENARIO ...]

SCENARIOs (two generated files each): long-10M, long-1M, wide-10M (CSV exports, against the
raw baseline, polars and DuckDB), events-5M (two event logs of 5 million events, 1 million
cases each, against polars and DuckDB), xlsx-500k (two wide .xlsx workbooks of 500,000 rows,
against polars' read_excel with the calamine engine), by-1M (`--by` a column of 1,000 values
on two long files of 1 million rows, against the same run without --by); and samples (roi
alone, all charts, on samples/). --smoke: small files, one round, every check, no verdict.
Before timing, every tool's statistics are compared (compare.py): with the raw baseline's
where there is one, else with the first peer's, and a --by run's with the plain run's.
Every tool is timed as a whole process (start-up included, as a user waits for it); the
peers also after Python has started and imported them.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release")
ROI = os.path.join(BIN, "roi")
HERE = os.path.dirname(os.path.abspath(__file__))


def run(cmd, stdout=None):
    """Runs `cmd`, stops the benchmark if it fails; its stderr."""
    p = subprocess.run(cmd, stdout=stdout or subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stderr}")
    return p.stderr


def measured(cmd, stdout=None):
    """Wall seconds and peak memory (bytes) of one run of `cmd`, measured by bench/measure.rs
    (a small process: the peak is the command's, not Python's)."""
    err = run([os.path.join(BIN, "examples", "measure"), *cmd], stdout)
    line = [l for l in err.splitlines() if l.startswith("@@ ")][-1]
    wall, peak = line.split()[1:]
    rest = [l for l in err.splitlines() if not l.startswith("@@ ")]
    return float(wall), int(peak), rest


def generate(layout, rows, folder):
    files = []
    ext = "xlsx" if layout == "xlsx" else "csv"
    for side, offset in [("today", 0), ("after", 200)]:
        path = os.path.join(folder, f"{layout}-{rows}-{side}.{ext}")
        if not os.path.exists(path):
            print(f"generating {path}", file=sys.stderr)
            subprocess.run([os.path.join(BIN, "examples", "gen"), layout, str(rows), path + ".part",
                            str(offset)], check=True)
            os.replace(path + ".part", path)
        files.append(path)
    return files


def peer(name, files):
    return [sys.executable, os.path.join(HERE, "peers.py"), name, *files]


def roi(files, out, *extra):
    return [ROI, "compute", *files, *extra, "--format", "json", "--no-charts", "--out", out]


def check(cmds):
    """Runs every tool once and compares its statistics with the first's (compare.py): roi's
    summary.json or a peer's JSON."""
    outputs = []
    for tool, (cmd, out) in cmds.items():
        if out.endswith("summary.json"):
            run(cmd)
        else:
            with open(out, "w", encoding="utf-8") as f:
                run(cmd, stdout=f)
        outputs.append(out)
    subprocess.run([sys.executable, os.path.join(HERE, "compare.py"), *outputs], check=True)
    return outputs


def timed(cmds, rounds):
    """Median whole-process seconds, median seconds after import (peers), peak bytes."""
    whole = {t: [] for t in cmds}
    inner = {t: [] for t in cmds}
    memory = {t: 0 for t in cmds}
    for _ in range(rounds):
        for tool, (cmd, _) in cmds.items():
            wall, peak, err = measured(cmd)
            whole[tool].append(wall)
            if cmd[0] == sys.executable:
                inner[tool].append(float(err[-1]))
            memory[tool] = max(memory[tool], peak)
    med = {t: statistics.median(v) for t, v in whole.items()}
    after = {t: statistics.median(v) for t, v in inner.items() if v}
    return med, after, memory


def table(title, cmds, rounds, count, per, base=None):
    """Times `cmds` (tool: (command, output)) and prints their table: whole-process seconds,
    the peers' seconds after import, roi's lead on each, peak memory per `per`."""
    med, after, memory = timed(cmds, rounds)
    print(f"\n### {title}, median of {rounds}\n")
    heads = ["tool", "seconds", "after import"] + ([f"× {base}"] if base else []) + [
        "roi is faster by", "peak MB", f"bytes per {per}"]
    print("| " + " | ".join(heads) + " |")
    print("|---|" + "---:|" * (len(heads) - 1))
    for tool, m in med.items():
        line = f"| {tool} | {m:.2f} | {after[tool]:.2f} |" if tool in after else f"| {tool} | {m:.2f} | |"
        if base:
            line += f" {m / med[base]:.2f} |"
        if tool in after:
            faster = f"{m / med['roi']:.2f}× ({after[tool] / med['roi']:.2f}× after import)"
        elif tool != "roi" and not tool.startswith("raw"):
            faster = f"{m / med['roi']:.2f}×"
        else:
            faster = ""
        print(line + f" {faster} | {memory[tool] / 1e6:,.0f} | {memory[tool] / count:.1f} |")
    sys.stdout.flush()
    return med, after, memory


def csv_scenario(name, files, folder, rounds):
    """Long or wide CSV exports: the raw baseline, roi, polars and DuckDB."""
    tag = name.split()[0]
    out = os.path.join(folder, f"report-{tag}")
    cmds = {
        "raw baseline (2 threads)": ([os.path.join(BIN, "examples", "raw"), *files],
                                     os.path.join(folder, f"{tag}-raw.json")),
        "roi": (roi(files, out), os.path.join(out, "summary.json")),
        "polars (2 threads)": (peer("polars", files), os.path.join(folder, f"{tag}-polars.json")),
        "DuckDB (2 threads)": (peer("duckdb", files), os.path.join(folder, f"{tag}-duckdb.json")),
    }
    # The raw baseline is the reference: it goes first.
    outputs = check(cmds)
    raw = json.load(open(outputs[0], encoding="utf-8"))
    observations = sum(m["n"] for s in raw.values() for m in s["metrics"].values())
    size = sum(os.path.getsize(f) for f in files)
    table(f"{name}: 2 files, {size / 1e6:,.0f} MB, {observations:,} observations", cmds, rounds,
          observations, "observation", base="raw baseline (2 threads)")


def cases_of(summary, metric):
    d = json.load(open(summary, encoding="utf-8"))
    return sum(d["metrics"][metric][s]["n"] for s in ["today", "after"])


def events(name, rows, rounds, folder):
    """Two event logs: roi against polars and DuckDB computing the same case statistics."""
    files = generate("events", rows, folder)
    config = os.path.join(folder, "events.toml")
    with open(config, "w", encoding="utf-8") as f:
        f.write('[events]\ncase = "case"\nactivity = "activity"\ntimestamp = "timestamp"\n'
                'response_until = "Respond"\nrework = true\n')
    out = os.path.join(folder, "report-events")
    cmds = {
        "roi": (roi(files, out, "--config", config), os.path.join(out, "summary.json")),
        "DuckDB (2 threads)": (peer("duckdb", files), os.path.join(folder, "events-duckdb.json")),
        "polars (2 threads)": (peer("polars", files), os.path.join(folder, "events-polars.json")),
    }
    check(cmds)
    cases = cases_of(cmds["roi"][1], "rework")
    size = sum(os.path.getsize(f) for f in files)
    table(f"{name}: 2 event logs, {size / 1e6:,.0f} MB, {2 * rows:,} events, {cases:,} cases",
          cmds, rounds, cases, "case")


def workbooks(name, rows, rounds, folder):
    """Two wide .xlsx workbooks: roi against polars' read_excel (calamine)."""
    files = generate("xlsx", rows, folder)
    out = os.path.join(folder, "report-xlsx")
    cmds = {
        "roi": (roi(files, out), os.path.join(out, "summary.json")),
        "polars read_excel (calamine)": (peer("polars", files),
                                         os.path.join(folder, "xlsx-polars.json")),
    }
    check(cmds)
    cases = 2 * rows
    size = sum(os.path.getsize(f) for f in files)
    table(f"{name}: 2 workbooks, {size / 1e6:,.0f} MB, {cases:,} rows (cases)", cmds, rounds,
          cases, "case")


def segments(name, rows, rounds, folder):
    """`--by` a column of 1,000 values against the same run without it."""
    files = generate("segments", rows, folder)
    plain = os.path.join(folder, "report-plain")
    by = os.path.join(folder, "report-by")
    cmds = {
        "roi": (roi(files, plain), os.path.join(plain, "summary.json")),
        "roi --by process (1,000 segments)": (roi(files, by, "--by", "process"),
                                              os.path.join(by, "summary.json")),
    }
    # The whole of the --by run is the plain run's.
    check(cmds)
    observations = 2 * rows
    size = sum(os.path.getsize(f) for f in files)
    med, _, memory = timed(cmds, rounds)
    sizes = {t: sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d)
                    if os.path.isfile(os.path.join(d, f)))
             for t, d in [("roi", plain), ("roi --by process (1,000 segments)", by)]}
    print(f"\n### {name}: 2 files, {size / 1e6:,.0f} MB, {observations:,} observations, "
          f"median of {rounds}\n")
    print("| run | seconds | × without --by | peak MB | bytes per observation | "
          "summary.json MB | report folder MB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for tool, m in med.items():
        summary = os.path.getsize(cmds[tool][1])
        print(f"| {tool} | {m:.2f} | {m / med['roi']:.2f} | {memory[tool] / 1e6:,.0f} | "
              f"{memory[tool] / observations:.1f} | {summary / 1e6:.1f} | {sizes[tool] / 1e6:.1f} |")
    sys.stdout.flush()


def samples(rounds, folder):
    base = [ROI, "compute", os.path.join(ROOT, "samples", "today.csv"),
            os.path.join(ROOT, "samples", "after.csv"), "--config",
            os.path.join(ROOT, "samples", "roi.toml")]
    print(f"\n### samples: all charts, median of {rounds * 5}\n")
    print("| run | seconds |")
    print("|---|---:|")
    for label, extra in [("PNG charts", []), ("PNG and SVG charts", ["--svg"])]:
        walls = [measured(base + extra + ["--out", os.path.join(folder, "report-samples")])[0]
                 for _ in range(rounds * 5)]
        print(f"| {label} | {statistics.median(walls):.3f} |")


SMOKE = {"events": 20_000, "xlsx": 2_000, "by": 20_000}


def size(s, smoke):
    """The rows of a scenario's name (`long-10M`, `xlsx-500k`)."""
    kind, n = s.split("-")
    if smoke:
        return SMOKE.get(kind, 20_000)
    scale = {"M": 1_000_000, "k": 1_000}[n[-1]]
    return int(n[:-1]) * scale


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--smoke", action="store_true")
    a.add_argument("--rounds", type=int, default=5)
    a.add_argument("--dir", default=os.path.join(ROOT, "target", "bench"))
    a.add_argument("scenarios", nargs="*",
                   default=["long-10M", "long-1M", "wide-10M", "events-5M", "xlsx-500k",
                            "by-1M", "samples"])
    args = a.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    rounds = 1 if args.smoke else args.rounds
    if args.smoke:
        # Small files of each kind once: the row counts of the scenarios do not matter.
        kinds = {}
        for s in args.scenarios:
            kinds.setdefault(s.split("-")[0], s)
        args.scenarios = list(kinds.values())
    for s in args.scenarios:
        if s == "samples":
            samples(rounds, args.dir)
            continue
        kind = s.split("-")[0]
        n = size(s, args.smoke)
        name = f"{kind}-{n:,} (smoke)" if args.smoke else s
        if kind == "events":
            events(name, n, rounds, args.dir)
        elif kind == "xlsx":
            workbooks(name, n, rounds, args.dir)
        elif kind == "by":
            segments(name, n, rounds, args.dir)
        else:
            csv_scenario(name, generate(kind, n, args.dir), args.dir, rounds)


if __name__ == "__main__":
    main()
