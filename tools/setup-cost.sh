#!/usr/bin/env bash
# Measures what the runner adds to each case besides its warm-up and timed epochs (workload,
# process start, verification, create), at hidden 64 and 1024, three runs each (one run's set-up
# is a few seconds of a shared machine), and writes reports/setup-cost/report.md from the runs'
# results.jsonl. Usage: tools/setup-cost.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
bin="$build/bin/lstmbench"
[ -x "$bin" ] || { echo "no $bin: build first (./dev build)" >&2; exit 2; }
out=reports/setup-cost
rm -rf "$out/runs"
mkdir -p "$out/runs"
for run in 1 2 3; do
  for h in 64 1024; do
    t0=$(date +%s%N)
    "$bin" run suites/setup-cost.toml --set hidden_size=$h --out "$out/runs/h$h-$run" >/dev/null
    t1=$(date +%s%N)
    echo "h$h-$run $(( (t1 - t0) / 1000000 ))" >> "$out/runs/wall_ms.txt"
  done
done
find "$out/runs" -name .lock -delete
python3 - "$out/runs" "$0 $*" > "$out/report.md" <<'PY'
import json, os, platform, sys
runs, command = sys.argv[1], sys.argv[2]
walls = dict(line.split() for line in open(os.path.join(runs, "wall_ms.txt")))
print("# Set-up cost per case\n")
print(f"- command: `{command}` (suites/setup-cost.toml: onednn, T 60, 128 training windows, "
      "2 epochs; batch 16/32/64 x lr 0.001/0.002), three runs of each hidden size")
print(f"- machine: {os.environ.get('LSTMBENCH_MACHINE', platform.node())}, {os.cpu_count()} "
      "logical cores\n")
print("Outside = workload + process start + verification + create, per case (ms), from each "
      "case's `phase_ms`; the first case of a shape is charged with building the shared "
      "workload.\n")


def phases(h, run):
    for line in open(os.path.join(runs, f"h{h}-{run}", "results.jsonl")):
        r = json.loads(line)
        p = r["phase_ms"]
        v = {k: (p.get(k) or 0.0) for k in ("workload", "spawn", "verification", "create",
                                              "warmup", "timed")}
        v["outside"] = v["workload"] + v["spawn"] + v["verification"] + v["create"]
        yield r, v


print("Run 1, case by case:\n")
print("| hidden | case | workload | start | verification | create | outside | warm-up | timed |")
print("|---|---|---|---|---|---|---|---|---|")
for h in ("64", "1024"):
    for r, v in phases(h, 1):
        s = r["spec"]
        print(f"| {h} | b{s['batch_size']} lr{s['learning_rate']} "
              f"{'(shared verification)' if r['verification'].get('reused_from') else ''} | "
              f"{v['workload']:.0f} | {v['spawn']:.0f} | {v['verification']:.0f} | "
              f"{v['create']:.0f} | **{v['outside']:.0f}** | {v['warmup']:.0f} | "
              f"{v['timed']:.0f} |")
print("\nEvery run (targets: workload build at hidden 1024 ≤ 0.5 s; outside ≤ 0.5 s per case at "
      "hidden 64 and ≤ 3 s per case at hidden 1024):\n")
print("| hidden | run | workload build (s) | worst case outside (s) | mean outside (s) "
      "| run wall (s) |")
print("|---|---|---|---|---|---|")
for h in ("64", "1024"):
    for run in (1, 2, 3):
        values = [v for _, v in phases(h, run)]
        outside = [v["outside"] for v in values]
        build = max(v["workload"] for v in values)
        print(f"| {h} | {run} | {build / 1000:.3f} | {max(outside) / 1000:.2f} | "
              f"{sum(outside) / len(outside) / 1000:.2f} | {int(walls[f'h{h}-{run}']) / 1000:.1f} |")
PY
echo "written: $out/report.md"
