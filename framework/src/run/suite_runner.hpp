// Runs a suite's cases one after another, each (by default) in a child process that re-executes
// this program (`lstmbench run-case`), so a crash, hang or out-of-memory in one plugin is
// recorded against that case and the suite goes on. Each finished case is appended and flushed
// to results.jsonl at once; --resume skips the cases already there.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "plugin/plugin_registry.hpp"
#include "run/case_result.hpp"
#include "suite/suite.hpp"

namespace lstmbench::run {

struct RunOptions {
  std::string out_dir;                   // results.jsonl, logs/ (created)
  std::vector<std::string> plugin_dirs;  // passed on to each child
  bool isolate = true;                   // false: run cases in this process (debugging)
  bool resume = false;                   // reuse results of cases already in results.jsonl
};

// Called after each case with its result, the case's position and the total.
using ProgressFn = std::function<void(const CaseResult&, std::size_t done, std::size_t total)>;

// RETURNS: one result per finished case, in suite order: all of them unless SIGINT/SIGTERM
// stopped the run (install_interrupt_handlers; interrupt_signal() then says which).
std::vector<CaseResult> run_suite(const std::vector<suite::CaseSpec>& cases,
                                  const RunOptions& options, const plugin::PluginRegistry& registry,
                                  const ProgressFn& progress);

// The child side of isolation: reads the case from case_json_path, runs it in this process and
// writes its result as one JSON line to result_fd.
int run_case_child(const std::string& case_json_path, int result_fd,
                   const std::vector<std::string>& plugin_dirs);

// RETURNS: exit code for a finished run: 0 when every case is ok or skipped, else 1.
int exit_code_for(const std::vector<CaseResult>& results);

}  // namespace lstmbench::run
