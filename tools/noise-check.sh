#!/usr/bin/env bash
# Measures, on this machine and with lstmbench's default measuring settings, what a user needs to
# trust its comparisons (docs/measuring.md):
#   - the A/A false-alarm rate: identical copies within one run (replicas), and the same suite
#     run twice, compared with `lstmbench compare`;
#   - the detection rate of a known 5 % and 10 % slowdown (the reference's extra_work option);
#   - the CI gate's exit codes: 20 pairs of separate identical runs through `compare`, 10 A/B runs
#     of two identical builds and 10 of a candidate build 10 % slower per step (--baseline-plugin-dir);
#   - on the seed CPU workload (onednn, batch 32/256/512, 50 epochs), in two separate runs: every
#     case's interval and the speed-up intervals between batch sizes; and the wall time with
#     rounds against one round.
# Everything but the seed workload runs twice: with the defaults (case processes wherever the
# system puts them) and pinned to CPU 0 (`--set cpus=0`), the remedy docs/measuring.md gives for
# single-threaded backends on virtual machines.
# Suites: suites/noise-check.toml, suites/noise-gate.toml, suites/seed-cpu.toml.
# Writes reports/noise/ (report.md and the runs it read). Usage:
#   tools/noise-check.sh [BUILD_DIR] [--quick]     (--quick: skip the seed CPU part)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
quick=${2:-}
bin="$build/bin/lstmbench"
slow10="$build/test-plugins/slow-reference-10"
[ -x "$bin" ] || { echo "no $bin: build first (./dev build)" >&2; exit 2; }
[ -d "$slow10" ] || { echo "no $slow10: build the tests first (./dev build)" >&2; exit 2; }
out=reports/noise
runs=$out/runs
noise_runs=5
rm -rf "$runs"
mkdir -p "$runs"
started=$(date -u +%FT%TZ)
# Wall time of one run, in seconds, appended to runs/wall_s.txt as "NAME SECONDS".
timed_run() {
  local name=$1
  shift
  local t0 t1
  t0=$(date +%s%N)
  "$bin" run "$@" --out "$runs/$name" >/dev/null 2>&1
  t1=$(date +%s%N)
  echo "$name $(( (t1 - t0) / 1000000 ))e-3" >> "$runs/wall_s.txt"
}
# Runs a command, appends "NAME EXIT_CODE" to runs/CONFIG/exits.txt.
record_exit() {
  local file=$1 name=$2
  shift 2
  local code=0
  "$@" >/dev/null 2>&1 || code=$?
  echo "$name $code" >> "$file"
}
# A run folder reduced to what the report reads: results and the report lstmbench wrote.
slim() { rm -rf "$1/logs" "$1"/*.svg "$1/results.csv" "$1/results.json"; }

for config in default pinned; do
  sets=()
  [ "$config" = pinned ] && sets=(--set cpus=0)
  dir=$config
  mkdir -p "$runs/$dir"
  exits="$runs/$dir/exits.txt"
  : > "$exits"
  # Five runs of the noise suite: A/A within each, A/A across consecutive runs, detection. Five
  # give 40 pairs per slowdown: a detection rate known to about ±15 % rather than ±20 % with 24.
  for k in $(seq 1 "$noise_runs"); do
    timed_run "$dir/noise-$k" suites/noise-check.toml "${sets[@]}"
    "$bin" compare "$runs/$dir/noise-$k" --within replica=1 --json "$runs/$dir/aa-within-$k.json" \
      >/dev/null || true
    "$bin" compare "$runs/$dir/noise-$k" --within extra_work=0 --json "$runs/$dir/detect-$k.json" \
      >/dev/null || true
  done
  for k in $(seq 1 $((noise_runs - 1))); do
    "$bin" compare "$runs/$dir/noise-$k" "$runs/$dir/noise-$((k + 1))" \
      --json "$runs/$dir/aa-across-$k.json" >/dev/null || true
  done
  # The gate: 21 separate runs of a two-case suite, each compared with the one before.
  for k in $(seq 0 20); do
    "$bin" run suites/noise-gate.toml "${sets[@]}" --out "$runs/$dir/gate-$k" >/dev/null 2>&1
    slim "$runs/$dir/gate-$k"
    if [ "$k" -gt 0 ]; then
      record_exit "$exits" "compare-$k" "$bin" compare "$runs/$dir/gate-$((k - 1))" \
        "$runs/$dir/gate-$k" --json "$runs/$dir/gate-compare-$k.json"
      # The same pair judged case by case alone, as if the machine could not change between runs.
      record_exit "$exits" "stable-compare-$k" "$bin" compare "$runs/$dir/gate-$((k - 1))" \
        "$runs/$dir/gate-$k" --assume-stable-machine
    fi
  done
  # A/B in one run: 10 with two identical builds, 10 with a candidate 10 % slower per step.
  for k in $(seq 1 10); do
    record_exit "$exits" "ab-same-$k" "$bin" run suites/noise-gate.toml "${sets[@]}" \
      --set batch_size=64 --baseline-plugin-dir "$build/plugins" --out "$runs/$dir/ab-same-$k"
    slim "$runs/$dir/ab-same-$k"
    record_exit "$exits" "ab-slow10-$k" "$bin" run suites/noise-gate.toml "${sets[@]}" \
      --set batch_size=64 --plugin-dir "$slow10" --baseline-plugin-dir "$build/plugins" \
      --out "$runs/$dir/ab-slow10-$k"
    slim "$runs/$dir/ab-slow10-$k"
  done
done

if [ "$quick" != "--quick" ]; then
  # The seed CPU workload with the defaults (one round per epoch) twice, a run's intervals being
  # one draw of the machine's state, and between them the same epochs in one round.
  timed_run seed-rounds-1 suites/seed-cpu.toml --backend onednn --set learning_rate=0.001
  timed_run seed-one-round suites/seed-cpu.toml --backend onednn --set learning_rate=0.001 \
    --set rounds=1
  timed_run seed-rounds-2 suites/seed-cpu.toml --backend onednn --set learning_rate=0.001
  for k in 1 2; do
    "$bin" compare "$runs/seed-rounds-$k" --within batch_size=32 \
      --json "$runs/seed-speedups-$k.json" >/dev/null || true
  done
fi

# The run folders' lock files say only which process held them.
find "$runs" -name .lock -delete
python3 tools/noise_report.py "$runs" "$started" "$0 $*" > "$out/report.md"
echo "written: $out/report.md"
