// The `lstmbench` subcommands. Each returns the process exit code: 0 success, 1 a case was not
// ok or skipped (run) / a check failed, 2 usage or input errors with nothing run.
#pragma once

#include <string>
#include <vector>

#include "suite/suite.hpp"

namespace lstmbench::app {

struct RunArgs {
  std::string suite_path;             // empty: the bundled quick suite
  std::vector<std::string> sets;      // name=value
  std::vector<std::string> backends;  // keep only these backends
  std::string out_dir;
  std::vector<std::string> plugin_dirs;
  std::string shard;   // "K/N"
  std::string filter;  // regex over case names
  std::string dump_dir;
  bool resume = false;
  bool no_isolate = false;
  bool fail_on_skip = false;
  bool quiet = false;  // no progress on stderr
  std::string baseline_plugin_dir;  // A/B: every case also runs with the plugins found here
  double threshold = 0.05;          // A/B: a confident slowdown beyond this fails the run
  std::string command_line;
};

int run_command(const RunArgs& args);
int list_command(const std::vector<std::string>& plugin_dirs);
int doctor_command(const std::string& suite_path, const std::vector<std::string>& sets,
                   const std::vector<std::string>& plugin_dirs, bool json);
int report_command(const std::string& results_path, const std::string& out_dir,
                   const std::string& command_line);

struct CompareArgs {
  std::string base;       // results.jsonl, or a run folder holding one
  std::string candidate;  // same
  double threshold = 0.05;
  double alpha = 0.05;
  std::string out_file;   // also write the Markdown here
  std::string within;     // "SETTING=BASE": compare within the base run
  std::string json_file;  // also write JSON here
};
// 0: no regression; 1: a case is slower or lost its ok status; 2: input errors.
int compare_command(const CompareArgs& args);
// Combines results files (or run folders) into out_dir/results.jsonl plus the reports.
int merge_command(const std::string& out_dir, const std::vector<std::string>& inputs);

// Hidden: the child side of a case, and the child that describes the plugins' environment.
int run_case_command(const std::string& case_path, int channel_fd, int command_fd,
                     const std::vector<std::string>& plugin_dirs);
int environment_probe_command(int result_fd, const std::vector<std::string>& plugin_dirs);

// Shared by the commands that read a suite: load it with --set overrides applied.
suite::Suite load_suite_with_overrides(const std::string& path,
                                       const std::vector<std::string>& sets);
// RETURNS: the bundled quick suite's path (next to the install, else in the source tree).
std::string default_suite_path();

}  // namespace lstmbench::app
