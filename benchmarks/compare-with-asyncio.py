#!/usr/bin/env python3
"""Runs the workloads W1..W8 on asyncio4j and on CPython asyncio, several times each, and writes
docs/benchmarks.md (medians, ratios, the machine and the commands) and docs/benchmarks.svg (a chart
of how many times faster asyncio4j is, drawn by this script: no plotting library needed).

    python3 benchmarks/compare-with-asyncio.py [--runs N] [--scale F] [W1 ... W8]

Both sides print "Wn <impl> VALUE UNIT" lines (benchmarks/run-workloads.sh and
benchmarks/python/workloads.py); each run already reports the median of 5 iterations after a
warm-up, and this script takes the median over --runs runs (default 3), alternating the two
implementations so that a change in machine load hits both alike.
"""
import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAVA_CMD = [os.path.join(ROOT, "benchmarks", "run-workloads.sh")]
PY_CMD = [sys.executable, os.path.join(ROOT, "benchmarks", "python", "workloads.py")]
MARKER = "<!-- Generated above this line by benchmarks/compare-with-asyncio.py; hand-written below, kept by it. -->"
LOWER_IS_BETTER = {"ms", "ns", "MiB"}
NAMES = {
    "W1": "spawn-gather: 1,000,000 tasks returning their index, gathered",
    "W2": "sleep-fanout: 100,000 tasks sleeping 0-100 ms in one TaskGroup (overhead beyond the longest sleep)",
    "W2-heap": "sleep-fanout: peak heap",
    "W3": "await-chain: one task awaiting 1,000,000 fresh child tasks in turn (per step)",
    "W4": "queue: 1,000,000 ints from a producer task to a consumer task through a queue of 100 (asyncio4j: putAll / asFlux)",
    "W4-per-item": "queue: the same transfer with one put/get await per item, as the CPython script writes it",
    "W5": "cancel-all: 100,000 tasks sleeping an hour, cancelled and awaited",
    "W6": "as-completed: 100,000 tasks sleeping 0-50 ms, consumed in completion order (overhead)",
    "W7": "lock: 1,000 tasks taking one lock 1,000 times each, with sleep(0) inside",
    "W8": "waitFor that never fires, 100,000 times in sequence",
}


def run(cmd, args):
    out = subprocess.run(cmd + args, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    results = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4:
            results[parts[0]] = (float(parts[2]), parts[3])
    return results


def speedup(java, python, unit):
    """How many times better asyncio4j is (higher is better for asyncio4j)."""
    if unit in LOWER_IS_BETTER:
        return python / java if java > 0 else float("inf")
    return java / python


def svg_chart(rows):
    """A horizontal bar chart, log scale, of the speedups."""
    import math
    width, left, bar_h, gap, top = 760, 120, 22, 10, 40
    height = top + len(rows) * (bar_h + gap) + 40
    max_log = max(2.0, max(math.log10(max(r[1], 1.0)) for r in rows))
    scale = (width - left - 60) / max_log
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="13">',
           f'<text x="{left}" y="22" font-size="15">asyncio4j speed-up over CPython asyncio (log scale; higher is better)</text>']
    for decade in range(0, int(math.ceil(max_log)) + 1):
        x = left + decade * scale
        out.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 30}" stroke="#ccc"/>')
        out.append(f'<text x="{x:.1f}" y="{height - 14}" text-anchor="middle">{10 ** decade:g}x</text>')
    target = left + math.log10(20) * scale
    out.append(f'<line x1="{target:.1f}" y1="{top - 6}" x2="{target:.1f}" y2="{height - 30}" stroke="#c00" stroke-dasharray="4 3"/>')
    out.append(f'<text x="{target + 4:.1f}" y="{top - 10}" fill="#c00">target 20x</text>')
    for i, (name, s) in enumerate(rows):
        y = top + i * (bar_h + gap)
        w = max(1.0, math.log10(max(s, 1.0)) * scale)
        out.append(f'<text x="{left - 8}" y="{y + bar_h * 0.7:.1f}" text-anchor="end">{name}</text>')
        out.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="#3b6ea5"/>')
        out.append(f'<text x="{left + w + 6:.1f}" y="{y + bar_h * 0.7:.1f}">{s:.1f}x</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("workloads", nargs="*")
    a = p.parse_args()
    args = a.workloads + (["--scale", str(a.scale)] if a.scale != 1.0 else [])
    java_runs, py_runs = [], []
    load_before = os.getloadavg()[0]
    for i in range(a.runs):
        print(f"run {i + 1}/{a.runs}: asyncio4j", file=sys.stderr, flush=True)
        java_runs.append(run(JAVA_CMD, args))
        print(f"run {i + 1}/{a.runs}: CPython asyncio", file=sys.stderr, flush=True)
        py_runs.append(run(PY_CMD, args))
    rows, chart = [], []
    for key in java_runs[0]:
        unit = java_runs[0][key][1]
        j = statistics.median(r[key][0] for r in java_runs if key in r)
        # A second asyncio4j formulation of a workload ("W4-per-item") is compared with CPython's
        # only one ("W4"); "W2-heap" is a measurement of its own on both sides.
        py_key = key if key in py_runs[0] else key.split("-")[0]
        if not all(py_key in r for r in py_runs):
            continue
        py = statistics.median(r[py_key][0] for r in py_runs)
        s = speedup(j, py, unit)
        rows.append((key, NAMES.get(key, key), j, py, unit, s))
        chart.append((key, s))
    load_after = os.getloadavg()[0]
    java_version = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    lines = [
        "# asyncio4j compared with CPython asyncio",
        "",
        f"Generated by `python3 benchmarks/compare-with-asyncio.py --runs {a.runs}"
        + (f" --scale {a.scale}" if a.scale != 1.0 else "") + (" " + " ".join(a.workloads) if a.workloads else "") + "`"
        + f" on {datetime.date.today().isoformat()}: {os.cpu_count()} cores, {platform.machine()}, {java_version}, "
        + f"Python {platform.python_version()}.",
        "Each figure is the median over the runs of each run's median of 5 iterations after a warm-up, on one",
        "event loop (see `benchmarks/run-workloads.sh` and `benchmarks/python/workloads.py` for what each measures).",
        "Speed-up: how many times better asyncio4j does (throughput ratio, or time ratio for ms/ns/MiB).",
        f"Machine load (1-minute load average) at the start: {load_before:.2f}, at the end: {load_after:.2f}; "
        + "both sides ran alternately, so a busy machine slows both, but not necessarily alike.",
        "",
        "| workload | what | asyncio4j | CPython asyncio | unit | speed-up |",
        "|---|---|---:|---:|---|---:|",
    ]
    for key, name, j, py, unit, s in rows:
        lines.append(f"| {key} | {name} | {j:,.1f} | {py:,.1f} | {unit} | {s:,.1f}x |")
    lines += ["", "![asyncio4j speed-up over CPython asyncio](benchmarks.svg)", ""]
    docs = os.path.join(ROOT, "docs")
    os.makedirs(docs, exist_ok=True)
    md = os.path.join(docs, "benchmarks.md")
    # Everything from the marker on is hand-written (JMH figures, notes): kept as it is.
    kept = MARKER + "\n"
    if os.path.exists(md):
        with open(md) as f:
            old = f.read()
        if MARKER in old:
            kept = old[old.index(MARKER):]
    with open(md, "w") as f:
        f.write("\n".join(lines) + "\n" + kept)
    with open(os.path.join(docs, "benchmarks.svg"), "w") as f:
        f.write(svg_chart(chart))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
