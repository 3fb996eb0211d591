"""Runs the benchmark: roi, the raw baseline, polars and DuckDB on the same files, in one run,
interleaved, and prints a Markdown table of the median times, the ratios and the peak memory
per observation. Called by bench/run.sh, which builds the binaries and the Python environment.

    python bench.py [--smoke] [--rounds N] [--dir DIR] [SCENARIO ...]

SCENARIOs: long-10M, long-1M, wide-10M (two generated files each) and samples (roi alone,
all charts, on samples/). --smoke: 20,000-row files, one round, every check, no verdict.
Before timing, every tool's statistics are compared with the raw baseline's (compare.py).
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
    for side, offset in [("today", 0), ("after", 200)]:
        path = os.path.join(folder, f"{layout}-{rows}-{side}.csv")
        if not os.path.exists(path):
            print(f"generating {path}", file=sys.stderr)
            subprocess.run([os.path.join(BIN, "examples", "gen"), layout, str(rows), path + ".part",
                            str(offset)], check=True)
            os.replace(path + ".part", path)
        files.append(path)
    return files


def tools(files, out):
    python = sys.executable
    peers = os.path.join(HERE, "peers.py")
    return {
        "raw baseline (2 threads)": [os.path.join(BIN, "examples", "raw"), *files],
        "roi": [ROI, "compute", *files, "--format", "json", "--no-charts", "--out", out],
        "polars (2 threads)": [python, peers, "polars", *files],
        "DuckDB (2 threads)": [python, peers, "duckdb", *files],
    }


def check(files, folder, name):
    """Runs every tool once and compares its statistics with the raw baseline's."""
    out = os.path.join(folder, f"report-{name.split()[0]}")
    outputs = []
    for tool, cmd in tools(files, out).items():
        if tool == "roi":
            run(cmd)
            continue
        path = os.path.join(folder, f"{name.split()[0]}-{tool.split()[0]}.json")
        with open(path, "w", encoding="utf-8") as f:
            run(cmd, stdout=f)
        outputs.append(path)
    subprocess.run([sys.executable, os.path.join(HERE, "compare.py"),
                    os.path.join(out, "summary.json"), *outputs], check=True)
    raw = json.load(open(outputs[0], encoding="utf-8"))
    return sum(m["n"] for s in raw.values() for m in s["metrics"].values())


def scenario(name, files, folder, rounds):
    observations = check(files, folder, name)
    size = sum(os.path.getsize(f) for f in files)
    out = os.path.join(folder, f"report-{name.split()[0]}")
    cmds = tools(files, out)
    times = {t: [] for t in cmds}
    memory = {t: 0 for t in cmds}
    for _ in range(rounds):
        for tool, cmd in cmds.items():
            wall, peak, err = measured(cmd)
            if tool.startswith(("polars", "DuckDB")):
                # The peers' own time, after Python started and imported the library.
                wall = float(err[-1])
            times[tool].append(wall)
            memory[tool] = max(memory[tool], peak)
    medians = {t: statistics.median(v) for t, v in times.items()}
    base = medians["raw baseline (2 threads)"]
    print(f"\n### {name}: 2 files, {size / 1e6:,.0f} MB, {observations:,} observations, "
          f"median of {rounds}\n")
    print("| tool | seconds | × raw baseline | roi is faster by | bytes per observation |")
    print("|---|---:|---:|---:|---:|")
    for tool, m in medians.items():
        faster = "" if tool == "roi" or tool.startswith("raw") else f"{m / medians['roi']:.2f}×"
        print(f"| {tool} | {m:.2f} | {m / base:.2f} | {faster} | {memory[tool] / observations:.1f} |")
    sys.stdout.flush()
    return medians, memory, observations


def events(rows, rounds, folder):
    """roi alone on two event logs: time and peak memory (memory grows with the cases)."""
    files = generate("events", rows, folder)
    config = os.path.join(folder, "events.toml")
    with open(config, "w", encoding="utf-8") as f:
        f.write('[events]\ncase = "case"\nactivity = "activity"\ntimestamp = "at"\n'
                'response_until = "First response"\nrework = true\n')
    out = os.path.join(folder, "report-events")
    cmd = [ROI, "compute", *files, "--config", config, "--format", "json", "--no-charts",
           "--out", out]
    runs = [measured(cmd) for _ in range(rounds)]
    summary = json.load(open(os.path.join(out, "summary.json"), encoding="utf-8"))
    cases = sum(summary["metrics"]["rework"][s]["n"] for s in ["today", "after"])
    size = sum(os.path.getsize(f) for f in files)
    wall = statistics.median(r[0] for r in runs)
    peak = max(r[1] for r in runs)
    print(f"\n### events: 2 event logs, {size / 1e6:,.0f} MB, {2 * rows:,} events, "
          f"{cases:,} cases, median of {rounds}\n")
    print("| tool | seconds | peak MB | bytes per event | bytes per case |")
    print("|---|---:|---:|---:|---:|")
    print(f"| roi | {wall:.2f} | {peak / 1e6:,.0f} | {peak / (2 * rows):.1f} | {peak / cases:.0f} |")


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


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--smoke", action="store_true")
    a.add_argument("--rounds", type=int, default=5)
    a.add_argument("--dir", default=os.path.join(ROOT, "target", "bench"))
    a.add_argument("scenarios", nargs="*",
                   default=["long-10M", "long-1M", "wide-10M", "events-10M", "samples"])
    args = a.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    rounds = 1 if args.smoke else args.rounds
    if args.smoke:
        # Small files of each layout once: the row counts of the scenarios do not matter.
        layouts = {}
        for s in args.scenarios:
            layouts.setdefault(s.split("-")[0], s)
        args.scenarios = list(layouts.values())
    for s in args.scenarios:
        if s == "samples":
            samples(rounds, args.dir)
            continue
        if s.startswith("events"):
            n = 20_000 if args.smoke else int(s.split("-")[1].rstrip("M")) * 1_000_000
            events(n, rounds, args.dir)
            continue
        layout, rows = s.split("-")
        n = 20_000 if args.smoke else int(rows.rstrip("M")) * 1_000_000
        name = f"{layout}-20k (smoke)" if args.smoke else s
        scenario(name, generate(layout, n, args.dir), args.dir, rounds)


if __name__ == "__main__":
    main()
