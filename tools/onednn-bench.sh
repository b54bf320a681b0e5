#!/usr/bin/env bash
# Runs the oneDNN micro-benchmarks (bench/onednn_bench.cpp) on every core, ten repetitions in
# Google Benchmark's random interleaving (so a slow stretch of a shared machine is spread over all
# benchmarks), and writes reports/onednn-bench/: the benchmark's own JSON and report.md with each
# benchmark's median FLOP/s and the ratios docs/onednn-backend.md asks about. Run it on an
# otherwise idle machine. Usage: tools/onednn-bench.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
bin="$build/bench/lstmbench_bench_onednn"
[ -x "$bin" ] || { echo "no $bin: build first (./dev build)" >&2; exit 2; }
out=reports/onednn-bench
mkdir -p "$out"
started=$(date -u +%FT%TZ)
repetitions=10
OMP_PROC_BIND=close OMP_PLACES=cores "$bin" --benchmark_min_time=1 \
  --benchmark_repetitions="$repetitions" \
  --benchmark_enable_random_interleaving=true --benchmark_out="$out/bench.json" \
  --benchmark_out_format=json >/dev/null
python3 - "$out/bench.json" "$started" "$0 $*" > "$out/report.md" <<'PY'
import json, os, platform, statistics, sys
path, started, command = sys.argv[1:4]
data = json.load(open(path))
flops = {}
for b in data["benchmarks"]:
    if b.get("run_type") == "iteration":
        flops.setdefault(b["run_name"], []).append(b["FLOPS"])
ctx = data["context"]
# The repetition count as the benchmark recorded it, so the report cannot disagree with the run.
repetitions = data["benchmarks"][0]["repetitions"]
print("# oneDNN micro-benchmarks\n")
print(f"- command: `{command}` (from the repository root; OMP_PROC_BIND=close OMP_PLACES=cores, "
      f"min time 1 s, {repetitions} repetitions, random interleaving)")
print("- Google Benchmark warns that Debian's libbenchmark is a debug build: that is its own "
      "timing loop; the code measured (oneDNN, the plugin) is the optimised build's")
print(f"- machine: {os.environ.get('LSTMBENCH_MACHINE', platform.node())}; "
      f"{ctx.get('num_cpus', '?')} CPUs at {ctx.get('mhz_per_cpu', '?')} MHz; "
      f"load average at the start {ctx.get('load_avg', '?')}")
print(f"- started: {started}\n")
print(f"| benchmark | median GFLOP/s | lowest - highest of {repetitions} |")
print("|---|---:|---:|")
for name, values in sorted(flops.items()):
    print(f"| {name} | {statistics.median(values) / 1e9:.2f} "
          f"| {min(values) / 1e9:.2f} - {max(values) / 1e9:.2f} |")


def median(name):
    values = flops.get(name)
    return statistics.median(values) if values else float("nan")


print("\nRatios of medians, per batch size (seed shape: H 64, T 60, I 1):\n")
print("| batch | TrainStep / LstmPrimitives (the backend's own overhead) "
      "| LstmPrimitives / Sgemm(B, 256, 65) (share of the GEMM ceiling) |")
print("|---|---:|---:|")
for batch in (32, 256, 512):
    primitives = median(f"LstmPrimitives/{batch}/64/real_time")
    step = median(f"TrainStep/{batch}/64/real_time")
    gemm = median(f"Sgemm/{batch}/256/65/real_time")
    print(f"| {batch} | {step / primitives:.2f} | {primitives / gemm:.2f} |")
PY
echo "written: $out/report.md"
