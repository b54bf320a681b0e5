// Runs a suite's cases in interleaved rounds (docs/measuring.md). Each case gets its own child
// process (a crash, hang or out-of-memory in one plugin costs only that case), set up once with
// one warm-up; then the rounds of all cases run in a seeded random order, round after round,
// with every session kept alive in between, so whatever the machine does over time hits every
// case alike. At most max_sessions cases are alive at once: a larger suite runs in consecutive
// groups of that size, interleaved within each group. A case is appended to results.jsonl when
// its group finishes; --resume skips the cases already there. With devices (run --devices), one
// worker per device takes the next group when it is free and runs it with only that device
// visible to the group's processes; the cases compared by a paired ratio (an A/B's two builds,
// a case's replicas) are always in one group.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "plugin/plugin_registry.hpp"
#include "results/case_result.hpp"
#include "results/run_folder.hpp"
#include "suite/suite.hpp"

namespace lstmbench::run {

using results::CaseResult;
using results::Status;

struct RunOptions {
  std::vector<std::string> plugin_dirs;  // passed on to each child
  bool isolate = true;                   // false: run cases in this process (debugging)
  // Searched first by the children of "baseline" cases (CaseSpec::build), so their backends
  // come from this folder's plugins (run --baseline-plugin-dir).
  std::string baseline_plugin_dir;
  // The run's shared workloads (workload_cache.hpp); null: each case builds its own.
  const class WorkloadCache* workloads = nullptr;
  // Called with what is known of a case so far (CaseWorker::partial: its epochs, rounds and
  // losses) after its set-up and after each of its rounds; with the default one epoch per round,
  // after each epoch. For live progress (app/progress_printer.hpp); may be empty.
  std::function<void(const CaseResult& partial)> on_case_update;
  // Empty: groups run one after another, with the runner's environment. Else the device ids: a
  // group runs on one of them, its processes seeing CUDA_VISIBLE_DEVICES=<id>, one group per
  // device at a time (isolated runs only). The callbacks are then called from several threads,
  // one call at a time.
  std::vector<int> devices;
};

// Called after each case with its result, the number of cases finished and the total.
using ProgressFn = std::function<void(const CaseResult&, std::size_t done, std::size_t total)>;
// Called after each round of a group: the round, the rounds planned so far, live cases, and
// the run's elapsed seconds.
using RoundFn = std::function<void(int round, int planned, std::size_t live, double elapsed_s)>;

// RETURNS: one result per finished case, in suite order: all of them unless SIGINT/SIGTERM/
// SIGHUP stopped the run (install_interrupt_handlers; interrupt_signal() then says which).
// THROWS: results::WriteError when a result cannot be written (it is printed first).
std::vector<CaseResult> run_suite(const std::vector<suite::CaseSpec>& cases,
                                  const RunOptions& options, const plugin::PluginRegistry& registry,
                                  results::RunFolder& folder, const ProgressFn& progress,
                                  const RoundFn& round_progress = {});

// The child side of isolation (`lstmbench run-case`): session_protocol.hpp.
int run_case_child(const std::string& case_json_path, int channel_fd, int command_fd,
                   const std::vector<std::string>& plugin_dirs);

// RETURNS: exit code for a finished run: 0 when every case is ok or skipped, else 1.
int exit_code_for(const std::vector<CaseResult>& results);

}  // namespace lstmbench::run
