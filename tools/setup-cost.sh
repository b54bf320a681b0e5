#!/usr/bin/env bash
# Measures what the runner adds to each case besides its warm-up and timed epochs (workload,
# process start, verification, create), at hidden 64 and 1024, and writes
# reports/setup-cost/report.md from the runs' results.jsonl. Usage: tools/setup-cost.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
bin="$build/bin/lstmbench"
[ -x "$bin" ] || { echo "no $bin: build first (./dev build)" >&2; exit 2; }
out=reports/setup-cost
rm -rf "$out/runs"
mkdir -p "$out/runs"
for h in 64 1024; do
  t0=$(date +%s%N)
  "$bin" run suites/setup-cost.toml --set hidden_size=$h --out "$out/runs/h$h" >/dev/null
  t1=$(date +%s%N)
  echo "h$h $(( (t1 - t0) / 1000000 ))" >> "$out/runs/wall_ms.txt"
done
python3 - "$out/runs" "$0 $*" > "$out/report.md" <<'PY'
import json, os, platform, sys
runs, command = sys.argv[1], sys.argv[2]
walls = dict(line.split() for line in open(os.path.join(runs, "wall_ms.txt")))
print("# Set-up cost per case\n")
print(f"- command: `{command}` (suites/setup-cost.toml: onednn, T 60, 128 training windows, "
      "2 epochs; batch 16/32/64 x lr 0.001/0.002)")
print(f"- machine: {os.environ.get('LSTMBENCH_MACHINE', platform.node())}, {os.cpu_count()} "
      "logical cores\n")
print("Outside = workload + process start + verification + create, per case (ms), from each "
      "case's `phase_ms`; the first case of a shape is charged with building the shared "
      "workload.\n")
print("| hidden | case | workload | start | verification | create | outside | warm-up | timed |")
print("|---|---|---|---|---|---|---|---|---|")
summary = []
for h in ("64", "1024"):
    outside_all = []
    for line in open(os.path.join(runs, f"h{h}", "results.jsonl")):
        r = json.loads(line)
        p = r["phase_ms"]
        v = {k: (p.get(k) or 0.0) for k in ("workload", "spawn", "verification", "create",
                                              "warmup", "timed")}
        outside = v["workload"] + v["spawn"] + v["verification"] + v["create"]
        outside_all.append(outside)
        s = r["spec"]
        print(f"| {h} | b{s['batch_size']} lr{s['learning_rate']} "
              f"{'(shared verification)' if r['verification'].get('reused_from') else ''} | "
              f"{v['workload']:.0f} | {v['spawn']:.0f} | {v['verification']:.0f} | "
              f"{v['create']:.0f} | **{outside:.0f}** | {v['warmup']:.0f} | {v['timed']:.0f} |")
    summary.append((h, max(outside_all), sum(outside_all) / len(outside_all), walls[f"h{h}"]))
print("\n| hidden | worst case outside (s) | mean outside (s) | run wall (s) | target |")
print("|---|---|---|---|---|")
for h, worst, mean, wall in summary:
    target = "≤ 3 s per case" if h == "1024" else "≤ 0.5 s per case"
    print(f"| {h} | {worst / 1000:.2f} | {mean / 1000:.2f} | {int(wall) / 1000:.1f} | {target} |")
PY
echo "written: $out/report.md"
