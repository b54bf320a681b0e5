#!/usr/bin/env bash
# Measures, on this machine and with lstmbench's default measuring settings, what a user needs to
# trust its comparisons (docs/measuring.md):
#   - the A/A false-alarm rate: identical copies within one run (replicas), and the same suite
#     run twice, compared with `lstmbench compare`;
#   - the detection rate of a known 5 % and 10 % slowdown (the reference's extra_work option);
#   - on the seed CPU workload (onednn, batch 32/256/512, 50 epochs): every case's interval and
#     the speed-up intervals between batch sizes, and the wall time with rounds against one round.
# Writes reports/noise/ (report.md and the runs it read). Usage:
#   tools/noise-check.sh [BUILD_DIR] [--quick]     (--quick: skip the seed CPU part)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
quick=${2:-}
bin="$build/bin/lstmbench"
[ -x "$bin" ] || { echo "no $bin: build first (./dev build)" >&2; exit 2; }
out=reports/noise
runs=$out/runs
rm -rf "$runs"
mkdir -p "$runs"
started=$(date -u +%FT%TZ)
# Wall time of one run, in seconds, appended to runs/wall_s.txt as "NAME SECONDS".
timed_run() {
  local name=$1
  shift
  local t0 t1
  t0=$(date +%s%N)
  "$bin" run "$@" --out "$runs/$name" >/dev/null
  t1=$(date +%s%N)
  echo "$name $(( (t1 - t0) / 1000000 ))e-3" >> "$runs/wall_s.txt"
}

# Three runs of the noise suite: A/A within each, A/A across consecutive runs, detection.
for k in 1 2 3; do
  timed_run "noise-$k" suites/noise-check.toml
  "$bin" compare "$runs/noise-$k" --within replica=1 --json "$runs/aa-within-$k.json" >/dev/null || true
  "$bin" compare "$runs/noise-$k" --within extra_work=0 --json "$runs/detect-$k.json" >/dev/null || true
done
for k in 1 2; do
  "$bin" compare "$runs/noise-$k" "$runs/noise-$((k + 1))" --json "$runs/aa-across-$k.json" \
    >/dev/null || true
done

if [ "$quick" != "--quick" ]; then
  # The seed CPU workload with the defaults (one round per epoch), then the same epochs in one
  # round.
  timed_run seed-rounds suites/seed-cpu.toml --backend onednn --set learning_rate=0.001
  timed_run seed-one-round suites/seed-cpu.toml --backend onednn --set learning_rate=0.001 \
    --set rounds=1
  "$bin" compare "$runs/seed-rounds" --within batch_size=32 \
    --json "$runs/seed-speedups.json" >/dev/null || true
fi

python3 tools/noise_report.py "$runs" "$started" "$0 $*" > "$out/report.md"
echo "written: $out/report.md"
