// lstmbench results in Google Benchmark's JSON format, so that the tools written for it read
// them: google/benchmark's tools/compare.py and github-action-benchmark (tool `googlecpp`).
// A case is a benchmark run with repetitions: each round is one repetition (its round mean is
// the time), followed by the _mean, _median, _stddev and _cv aggregates over the round means,
// laid out exactly as Google Benchmark writes `--benchmark_repetitions` with aggregates.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "results/case_result.hpp"

namespace lstmbench::report {

// Facts Google Benchmark's context holds that environment.json does not record. Only the
// machine that ran the cases knows them, so `run` reads them and `report` leaves them unknown:
// 0 MHz, scaling false, no load averages (the types stay what readers expect).
struct GbenchHostFacts {
  int mhz_per_cpu = 0;
  bool cpu_scaling_enabled = false;
  std::vector<double> load_avg;
};

// RETURNS: this machine's facts now: /proc/cpuinfo's MHz, whether cpu0's frequency governor is
// anything but "performance" (Google Benchmark's test), and the 1/5/15-minute load averages.
GbenchHostFacts this_host_facts();

// RETURNS: {"context": {...}, "benchmarks": [...]} for the cases with timed epochs, in the order
// given. The context maps the recorded environment (date, host, cores, command) to Google
// Benchmark's keys and adds lstmbench's own as strings (lstmbench_version, lstmbench_suite,
// ...). A case whose status is not ok keeps its times and says why in error_occurred /
// error_message and has no aggregates, as Google Benchmark writes a run that skipped with an
// error. Keys come in Google Benchmark's order (hence ordered_json), for people who read it.
nlohmann::ordered_json gbench_json(const std::vector<results::CaseResult>& results,
                                   const nlohmann::json& environment, const GbenchHostFacts& host);

// Writes gbench_json(...) to path (through a temporary file, like the other reports).
// THROWS: Error naming path when it cannot be written.
void write_gbench_json(const std::string& path, const std::vector<results::CaseResult>& results,
                       const nlohmann::json& environment, const GbenchHostFacts& host);

}  // namespace lstmbench::report
