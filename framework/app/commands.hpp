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
  std::string gbench_json;  // also write the results in Google Benchmark's JSON format here
  bool resume = false;
  bool no_isolate = false;
  bool fail_on_skip = false;
  bool quiet = false;               // no progress on stderr
  std::string devices;              // "0,1,2,3": one case group per device at a time
  bool devices_given = false;       // --devices was given (an empty list is then an error)
  std::string baseline_plugin_dir;  // A/B: every case also runs with the plugins found here
  double threshold = 0.05;          // A/B: a confident slowdown beyond this fails the run
  std::string command_line;
};

int run_command(const RunArgs& args);
int list_command(const std::vector<std::string>& plugin_dirs);
int doctor_command(const std::string& suite_path, const std::vector<std::string>& sets,
                   const std::vector<std::string>& plugin_dirs, bool json);
// gbench_json: also write Google Benchmark's JSON format to this file (empty: not).
int report_command(const std::string& results_path, const std::string& out_dir,
                   const std::string& command_line, const std::string& gbench_json = "");

struct CompareArgs {
  std::string base;       // results.jsonl, or a run folder holding one
  std::string candidate;  // same
  double threshold = 0.05;
  double alpha = 0.05;
  std::string out_file;                // also write the Markdown here
  std::string within;                  // "SETTING=BASE": compare within the base run
  std::string json_file;               // also write JSON here
  bool assume_stable_machine = false;  // report::CompareOptions::assume_stable_machine
};
// 0: no regression; 1: a case is slower or lost its ok status; 2: input errors.
int compare_command(const CompareArgs& args);
// Combines results files (or run folders) into out_dir/results.jsonl plus the reports.
int merge_command(const std::string& out_dir, const std::vector<std::string>& inputs);

// The conformance battery over a plugin file's backends, or one backend by name, against the
// reference. 0: every check passed; 1: one failed; 2: usage errors (no such file or backend).
int check_plugin_command(const std::string& target, const std::vector<std::string>& plugin_dirs);

// Hidden: the child side of a case, and the child that describes the plugins' environment.
int run_case_command(const std::string& case_path, int channel_fd, int command_fd,
                     const std::vector<std::string>& plugin_dirs);
int environment_probe_command(int result_fd, const std::vector<std::string>& plugin_dirs);

// Shared by the commands that read a suite: load it (a path, or a bundled suite's name, see
// resolve_suite_path) with --set overrides applied, and expand ${LSTMBENCH_PEERS} (the installed
// or source peers folder), ${VAR} (an environment variable) and ${VAR:-fallback} in the words of
// [external.*] commands.
suite::Suite load_suite_with_overrides(const std::string& path,
                                       const std::vector<std::string>& sets);
// RETURNS: `name` itself when it ends in .toml or is an existing path; else the bundled suite
// <name>.toml from the install's share/lstmbench/suites, then the source tree's suites/; empty
// means "quick". Throws Error (exit 2) listing the bundled suites when there is none.
std::string resolve_suite_path(const std::string& name);
// RETURNS: the bundled quick suite's path (next to the install, else in the source tree).
std::string default_suite_path();

}  // namespace lstmbench::app
