#!/usr/bin/env bash
# Builds the core, the reference plugin and their tests with AddressSanitizer and
# UndefinedBehaviorSanitizer (CMake preset `asan`) and runs the tests labelled `sanitize`: the
# unit tests of suite, workload, results, stats, report, run, plugin loading, the SDK and the
# reference backend, and the command-line tests. Left out, to keep CI within its time: the
# oneDNN and cuDNN plugins (not built in this preset), the external-plugin tests (their work is
# in Python peers), the chart rendering (Chromium), packaging and install tests.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${JOBS:-$(nproc)}
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$jobs"
# The A/B timing tests are left out too (their point is timing, slowed several-fold here).
# A segfault a crash test raises on purpose must end the process as a segfault (handle_segv=0).
# Leak checking is off: plugins stay loaded for the process's life on purpose (RTLD_NODELETE),
# and case processes leave with _exit once their result is sent.
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:handle_segv=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --preset asan -j "$jobs" -L sanitize -E AbBuilds
