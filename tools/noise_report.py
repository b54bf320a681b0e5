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


def rate(flagged, total):
    return f"{flagged} of {total} ({100.0 * flagged / total:.1f} %)" if total else "no pairs"


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


def main():
    runs, started, command = sys.argv[1], sys.argv[2], sys.argv[3]
    out = []
    out.append("# Noise check: can lstmbench's comparisons be trusted on this machine?\n")
    out.append(f"- command: `{command}` (from the repository root; suites/noise-check.toml, "
               "suites/seed-cpu.toml)")
    out.append(f"- machine: {os.environ.get('LSTMBENCH_MACHINE', platform.node())}; "
               f"cpu: {cpu_model()}; {os.cpu_count()} logical cores")
    out.append(f"- started: {started}")
    out.append("- settings: lstmbench's defaults (one round per timed epoch, 95 % intervals, threshold "
               "5 %); "
               "see docs/measuring.md\n")

    aa_within = load(os.path.join(runs, "aa-within-*.json"))
    aa_across = [r for r in load(os.path.join(runs, "aa-across-*.json")) if r["timed"]]
    detect = load(os.path.join(runs, "detect-*.json"))
    flagged = lambda rows: sum(r["verdict"] in ("slower", "faster") for r in rows)
    slower = lambda rows: sum(r["verdict"] == "slower" for r in rows)

    out.append("## False alarms (A/A)\n")
    out.append("| pairs | flagged slower or faster | target |")
    out.append("|---|---|---|")
    out.append(f"| identical copies within one run (`compare RUN --within replica=1`), 3 runs "
               f"| {rate(flagged(aa_within), len(aa_within))} | at most 5 % |")
    out.append(f"| the same suite run twice (`compare RUN1 RUN2`), 2 pairs of runs "
               f"| {rate(flagged(aa_across), len(aa_across))} | at most 5 % |")
    out.append("")

    out.append("## Detecting a known slowdown\n")
    out.append("| slowdown (extra_work) | pairs | detected as slower | target |")
    out.append("|---|---|---|---|")
    for value, target in (("0.1", "at least 90 %"), ("0.05", "at least 50 %")):
        rows = [r for r in detect if float(r["other_value"]) == float(value)]
        out.append(f"| {float(value) * 100:.0f} % | {len(rows)} | {rate(slower(rows), len(rows))} "
                   f"| {target} |")
    out.append("\nEach pair compares a case with `extra_work` = 0 and the same case with the "
               "slowdown, within one run (`compare RUN --within extra_work=0`).\n")

    seed_path = os.path.join(runs, "seed-rounds", "results.jsonl")
    if os.path.exists(seed_path):
        out.append("## The seed CPU workload (onednn, batch 32/256/512, lr 0.001, 50 epochs)\n")
        out.append("| case | mean ms/epoch interval (±, 95 %) | rounds |")
        out.append("|---|---|---|")
        for r in results(seed_path):
            spec = r["spec"]
            m = re.search(r"\(±([0-9.]+) %\)", r.get("stop_reason", ""))
            out.append(f"| onednn b{spec['batch_size']} | ±{m.group(1) if m else '?'} % "
                       f"| {r.get('rounds_run', '?')} |")
        speedups = load(os.path.join(runs, "seed-speedups.json"))
        out.append("\n| speed-up against batch 32 | value [95 % interval] | ± | target |")
        out.append("|---|---|---|---|")
        for s in speedups:
            half = (s["high"] - s["low"]) / (2 * s["speedup"]) if s["low"] else float("nan")
            out.append(f"| batch {s['other_value']} | {s['speedup']:.3f} [{s['low']:.3f}, "
                       f"{s['high']:.3f}] | ±{100 * half:.1f} % | within ±5 % |")
        walls = {}
        wall_path = os.path.join(runs, "wall_s.txt")
        if os.path.exists(wall_path):
            for line in open(wall_path):
                name, seconds = line.split()
                walls[name] = float(seconds)
        if "seed-rounds" in walls and "seed-one-round" in walls:
            ratio = walls["seed-rounds"] / walls["seed-one-round"]
            out.append(f"\nWall time with one round per epoch {walls['seed-rounds']:.0f} s, with the same "
                       f"epochs in one round {walls['seed-one-round']:.0f} s: "
                       f"{ratio:.2f}x (target at most 1.5x).")
    print("\n".join(out))


if __name__ == "__main__":
    main()
