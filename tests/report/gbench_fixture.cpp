// A trivial Google Benchmark program: gbench_json_test runs it with --benchmark_format=json to
// get the JSON the installed library writes, and holds lstmbench's export to the same shape.
// Its timings are never looked at.
#include <benchmark/benchmark.h>

namespace {

void counting_loop(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(state.iterations());
}
// Repetitions with aggregates: how lstmbench lays out a case's rounds.
BENCHMARK(counting_loop)->Repetitions(3)->Iterations(2);

// A run that stops with an error: how lstmbench marks a case that is not ok.
void failing_loop(benchmark::State& state) {
  for (auto _ : state) state.SkipWithError("the fixture fails on purpose");
}
BENCHMARK(failing_loop)->Repetitions(3)->Iterations(2);

}  // namespace

BENCHMARK_MAIN();
