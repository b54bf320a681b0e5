#!/usr/bin/env bash
# Builds the fuzz preset (clang, libFuzzer, ASan + UBSan) and fuzzes every target of fuzz/ for a
# bounded time, failing on the first crash, sanitizer report or uncaught exception:
#
#   tools/fuzz.sh                 # every target, FUZZ_SECONDS each
#   tools/fuzz.sh suite peer      # only these
#
# Per target: first the saved crashes (fuzz/crashes/TARGET) and the corpus (fuzz/corpus/TARGET)
# are replayed, then libFuzzer runs for FUZZ_SECONDS (default 30) starting from the corpus. New
# inputs libFuzzer finds go to build/fuzz/corpus/TARGET (never into the checked-in corpus); a
# crash is written to build/fuzz/crashes/TARGET/ and the script stops with exit 1. Keep a fixed
# crash as a regression: copy it to fuzz/crashes/TARGET/ (ctest replays that folder).
#
# Environment: FUZZ_SECONDS (per target, default 30), FUZZ_JOBS (parallel libFuzzer workers per
# target, default 1), FUZZ_MAX_LEN (largest input, default 65536: deep nesting needs room),
# FUZZ_TIMEOUT (seconds one input may take, default 60: a legal suite of 100000 cases takes
# seconds under the sanitizers, more on a loaded machine, and must not count as a hang).
set -euo pipefail

cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-30}
jobs=${FUZZ_JOBS:-1}
max_len=${FUZZ_MAX_LEN:-65536}
timeout=${FUZZ_TIMEOUT:-60}
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(suite csv results peer)

if ! command -v clang++ >/dev/null; then
  echo "fuzz.sh: clang++ not found; scripts/install-deps.sh installs it" >&2
  exit 2
fi
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
for target in "${targets[@]}"; do
  exe=build/fuzz/fuzz/fuzz_$target
  if [ ! -x "$exe" ]; then
    echo "fuzz.sh: no fuzz target '$target' (targets: suite csv results peer)" >&2
    exit 2
  fi
  work=build/fuzz/corpus/$target
  crashes=build/fuzz/crashes/$target
  mkdir -p "$work" "$crashes"
  echo "== $target: replaying fuzz/crashes/$target and fuzz/corpus/$target" >&2
  saved=()
  for dir in "fuzz/crashes/$target" "fuzz/corpus/$target"; do
    [ -d "$dir" ] && while IFS= read -r -d '' f; do saved+=("$f"); done \
      < <(find "$dir" -type f -print0 | sort -z)
  done
  if [ ${#saved[@]} -gt 0 ]; then
    "$exe" "${saved[@]}" >"build/fuzz/replay-$target.log" 2>&1 || {
      tail -40 "build/fuzz/replay-$target.log" >&2
      echo "fuzz.sh: $target fails on a saved input (log: build/fuzz/replay-$target.log)" >&2
      exit 1
    }
  fi
  echo "== $target: fuzzing for ${seconds}s" >&2
  parallel=()
  [ "$jobs" -gt 1 ] && parallel=(-jobs="$jobs" -workers="$jobs")
  if ! "$exe" "$work" "fuzz/corpus/$target" -max_total_time="$seconds" -max_len="$max_len" \
      -timeout="$timeout" -rss_limit_mb=2048 "${parallel[@]}" \
      -artifact_prefix="$crashes/" -print_final_stats=1 >"build/fuzz/fuzz-$target.log" 2>&1; then
    tail -60 "build/fuzz/fuzz-$target.log" >&2
    echo "fuzz.sh: $target crashed; the input is in $crashes/ (log: build/fuzz/fuzz-$target.log)" >&2
    status=1
    break
  fi
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" "build/fuzz/fuzz-$target.log" >&2 || true
done
exit $status
