#!/usr/bin/env python3
"""Summarises the runs of tools/noise-check.sh into reports/noise/report.md.

Every verdict and interval comes from lstmbench itself (`compare --json`, and the `stop_reason`
each case records); this script only counts them. Usage: noise_report.py RUNS_DIR STARTED COMMAND
"""
import glob
import json
import os
import platform
import re
import sys


def load(pattern):
    rows = []
    for path in sorted(glob.glob(pattern)):
        with open(path) as f:
            rows += json.load(f)["rows"]
    return rows


def wilson(hits, total, z=1.96):
    """The 95 % Wilson score interval of a rate: how well hits of total pairs pin it down."""
    p = hits / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z / (1 + z * z / total) * (p * (1 - p) / total + z * z / (4 * total * total)) ** 0.5
    return max(0.0, centre - half), min(1.0, centre + half)


def rate(flagged, total):
    """e.g. "11 of 24 (45.8 %; 95 % interval 27.9-64.9 %)": a rate over few pairs is itself noisy."""
    if not total:
        return "no pairs"
    low, high = wilson(flagged, total)
    return (f"{flagged} of {total} ({100.0 * flagged / total:.1f} %; "
            f"95 % interval {100 * low:.1f}-{100 * high:.1f} %)")


def excludes_no_change(rows):
    """Rows whose interval lies wholly above or below a speed-up of 1, whatever the verdict."""
    return sum(1 for r in rows if r.get("low") and r.get("high") and (r["low"] > 1 or r["high"] < 1))


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def results(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def flagged(rows):
    return sum(r["verdict"] in ("slower", "faster") for r in rows)


def slower(rows):
    return sum(r["verdict"] == "slower" for r in rows)


def half_width(row):
    """A compare row's interval half-width relative to its speed-up; NaN without an interval."""
    if not (row.get("low") and row.get("high") and row.get("speedup")):
        return float("nan")
    return (row["high"] - row["low"]) / (2 * row["speedup"])


def half_widths(rows):
    """The median of the rows' interval half-widths, in percent of the value."""
    widths = sorted(100 * half_width(r) for r in rows if half_width(r) == half_width(r))
    return f"±{widths[len(widths) // 2]:.1f} %" if widths else "—"


def exits(path):
    codes = {}
    if os.path.exists(path):
        for line in open(path):
            name, code = line.split()
            codes[name] = int(code)
    return codes


def config_section(runs, title):
    out = [f"## {title}\n"]
    aa_within = load(os.path.join(runs, "aa-within-*.json"))
    aa_across = [r for r in load(os.path.join(runs, "aa-across-*.json")) if r["timed"]]
    detect = load(os.path.join(runs, "detect-*.json"))

    out.append("### False alarms (A/A)\n")
    out.append("| pairs | flagged slower or faster | median interval | target |")
    out.append("|---|---|---|---|")
    runs_count = len(glob.glob(os.path.join(runs, "aa-within-*.json")))
    pairs_of_runs = len(glob.glob(os.path.join(runs, "aa-across-*.json")))
    out.append(f"| identical copies within one run (`compare RUN --within replica=1`), "
               f"{runs_count} runs "
               f"| {rate(flagged(aa_within), len(aa_within))} | {half_widths(aa_within)} "
               f"| at most 5 % |")
    out.append(f"| the same suite run twice (`compare RUN1 RUN2`), {pairs_of_runs} pairs of runs "
               f"| {rate(flagged(aa_across), len(aa_across))} | {half_widths(aa_across)} "
               f"| at most 5 % |")
    out.append(f"\nIdentical copies whose interval excludes no change, whatever the verdict: "
               f"{rate(excludes_no_change(aa_within), len(aa_within))}. A 95 % interval of "
               f"round-to-round noise alone would exclude it in about 5 %; more means the copies, "
               f"separate processes, differ by more than their rounds show, which the threshold "
               f"absorbs (docs/measuring.md).\n")

    out.append("### Detecting a known slowdown\n")
    out.append("| slowdown (extra_work) | pairs | detected as slower | median interval | target |")
    out.append("|---|---|---|---|---|")
    for value, target in (("0.1", "at least 90 %"), ("0.05", "at least 50 %")):
        rows = [r for r in detect if float(r["other_value"]) == float(value)]
        out.append(f"| {float(value) * 100:.0f} % | {len(rows)} | {rate(slower(rows), len(rows))} "
                   f"| {half_widths(rows)} | {target} |")
    out.append("\nEach pair compares a case with `extra_work` = 0 and the same case with the "
               "slowdown, within one run (`compare RUN --within extra_work=0`).\n")

    codes = exits(os.path.join(runs, "exits.txt"))
    compares = [c for n, c in codes.items() if n.startswith("compare-")]
    stable_compares = [c for n, c in codes.items() if n.startswith("stable-compare-")]
    same = [c for n, c in codes.items() if n.startswith("ab-same-")]
    slow = [c for n, c in codes.items() if n.startswith("ab-slow10-")]
    gate_rows = load(os.path.join(runs, "gate-compare-*.json"))
    out.append("### The CI gate's exit codes\n")
    out.append("| check | tries | exit 0 | exit 1 | other | target |")
    out.append("|---|---|---|---|---|---|")

    def row(label, cs, target):
        return (f"| {label} | {len(cs)} | {cs.count(0)} | {cs.count(1)} "
                f"| {len(cs) - cs.count(0) - cs.count(1)} | {target} |")

    out.append(row("two separate identical runs (2 cases each) through `compare`", compares,
                   "exit 0 in at least 19 of 20"))
    if stable_compares:
        out.append(row("the same pairs with `--assume-stable-machine` (each case on its own "
                       "interval)", stable_compares, "—"))
    out.append(row("A/B in one run, two identical builds (`--baseline-plugin-dir`)", same,
                   "exit 0"))
    out.append(row("A/B in one run, candidate 10 % slower per step", slow, "exit 1"))
    out.append(f"\nThe separate-run compares' case pairs: {rate(flagged(gate_rows), len(gate_rows))} "
               f"flagged, median interval {half_widths(gate_rows)}.\n")
    return out


def main():
    runs, started, command = sys.argv[1], sys.argv[2], sys.argv[3]
    out = []
    out.append("# Noise check: can lstmbench's comparisons be trusted on this machine?\n")
    out.append(f"- command: `{command}` (from the repository root; suites/noise-check.toml, "
               "suites/noise-gate.toml, suites/seed-cpu.toml)")
    out.append(f"- machine: {os.environ.get('LSTMBENCH_MACHINE', platform.node())}; "
               f"cpu: {cpu_model()}; {os.cpu_count()} logical cores")
    out.append(f"- started: {started}")
    out.append("- settings: lstmbench's defaults (one round per timed epoch, 95 % intervals, threshold "
               "5 %), once as they are and once with case processes pinned to CPU 0; "
               "see docs/measuring.md\n")

    for config, title in (("default", "With the defaults (case processes wherever the system "
                                      "puts them)"),
                          ("pinned", "Pinned to CPU 0 (`--set cpus=0`)")):
        out += config_section(os.path.join(runs, config), title)

    seed_runs = [k for k in (1, 2)
                 if os.path.exists(os.path.join(runs, f"seed-rounds-{k}", "results.jsonl"))]
    if seed_runs:
        out.append("## The seed CPU workload (onednn, batch 32/256/512, lr 0.001, 50 epochs)\n")
        out.append(f"{len(seed_runs)} separate runs with the defaults; each column is one run.\n")
        out.append("| case | " + " | ".join(f"run {k}: mean ms/epoch interval (±, 95 %), rounds"
                                            for k in seed_runs) + " |")
        out.append("|---|" + "---|" * len(seed_runs))
        by_case = {}
        for k in seed_runs:
            for r in results(os.path.join(runs, f"seed-rounds-{k}", "results.jsonl")):
                m = re.search(r"\(±([0-9.]+) %\)", r.get("stop_reason", ""))
                by_case.setdefault(r["spec"]["batch_size"], {})[k] = (
                    f"±{m.group(1) if m else '?'} %, {r.get('rounds_run', '?')}")
        for batch, cells in sorted(by_case.items()):
            out.append(f"| onednn b{batch} | " + " | ".join(cells.get(k, "—") for k in seed_runs)
                       + " |")
        out.append("\n| speed-up against batch 32 | "
                   + " | ".join(f"run {k}: value [95 % interval], ±" for k in seed_runs)
                   + " | target |")
        out.append("|---|" + "---|" * (len(seed_runs) + 1))
        by_batch = {}
        for k in seed_runs:
            for sp in load(os.path.join(runs, f"seed-speedups-{k}.json")):
                by_batch.setdefault(sp["other_value"], {})[k] = (
                    f"{sp['speedup']:.3f} [{sp['low']:.3f}, {sp['high']:.3f}], "
                    f"±{100 * half_width(sp):.1f} %")
        for batch, cells in by_batch.items():
            out.append(f"| batch {batch} | " + " | ".join(cells.get(k, "—") for k in seed_runs)
                       + " | within ±5 % |")
        walls = {}
        wall_path = os.path.join(runs, "wall_s.txt")
        if os.path.exists(wall_path):
            for line in open(wall_path):
                name, seconds = line.split()
                walls[name] = float(seconds)
        if "seed-one-round" in walls:
            one = walls["seed-one-round"]
            parts = [f"run {k} {walls[f'seed-rounds-{k}']:.0f} s "
                     f"({walls[f'seed-rounds-{k}'] / one:.2f}x)"
                     for k in seed_runs if f"seed-rounds-{k}" in walls]
            out.append(f"\nWall time with one round per epoch: {', '.join(parts)}; the same epochs "
                       f"in one round (run between them) {one:.0f} s. Target: at most 1.5x.")
    print("\n".join(out))


if __name__ == "__main__":
    main()
