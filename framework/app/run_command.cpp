#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include "commands.hpp"
#include "common/diagnostics.hpp"
#include "common/error.hpp"
#include "common/json_text.hpp"
#include "plugin/plugin_registry.hpp"
#include "plugin/self_path.hpp"
#include "progress_printer.hpp"
#include "report/format.hpp"
#include "report/gbench_json.hpp"
#include "report/paired_comparison.hpp"
#include "report/report.hpp"
#include "results/run_folder.hpp"
#include "run/child_process.hpp"
#include "run/cpu_affinity.hpp"
#include "run/device_list.hpp"
#include "run/environment.hpp"
#include "run/resources.hpp"
#include "run/suite_runner.hpp"
#include "run/workload_cache.hpp"
#include "stats/case_metrics.hpp"
#include "stats/rounds.hpp"
#include "suite/case_selection.hpp"
#include "workload/workload.hpp"

namespace lstmbench::app {

namespace fs = std::filesystem;

namespace {

std::string default_out_dir(const std::string& suite_name) {
  std::time_t now = std::time(nullptr);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&now));
  return (fs::path("out") / (suite_name + "-" + stamp)).string();
}

int dump_workloads(const std::vector<suite::CaseSpec>& cases, const std::string& dir) {
  for (const suite::CaseSpec& c : cases) {
    std::string target =
        cases.size() == 1 ? dir : fmt::format("{}/case-{:04d}-{}", dir, c.index, c.id);
    if (std::string why = run::does_not_fit(fmt::format("the workload of case {}", c.index),
                                            run::workload_bytes(c), run::available_memory_bytes());
        !why.empty())
      throw Error("--dump-workload", why);
    workload::Workload w = workload::build_workload(c);
    workload::dump_workload(c, w, workload::initial_weights(c, w.input_size), c.epochs, target);
    fmt::print("workload of case {} ({}) written to {}\n", c.index, c.backend, target);
  }
  return 0;
}

// Asks a child for the plugins' environment: describing a GPU initialises its driver, which
// this process must never do (children are spawned from it).
nlohmann::json probe_plugin_environment(const std::vector<std::string>& plugin_dirs) {
  std::vector<std::string> argv{plugin::self_executable_path(), "environment-probe", "--result-fd",
                                "3"};
  for (const std::string& dir : plugin_dirs) {
    argv.push_back("--plugin-dir");
    argv.push_back(dir);
  }
  run::ChildOutcome child = run::run_child(argv, "", 120.0);
  nlohmann::json j = nlohmann::json::parse(child.message, nullptr, false);
  if (j.is_discarded())
    return {{"probe_error", child.timed_out ? "environment probe timed out"
                                            : "environment probe failed: " + child.last_log_line}};
  return j;
}

}  // namespace

int run_command(const RunArgs& args) {
  // Checked before anything is read: a bad list stops the run at once (exit 2).
  const std::vector<int> devices =
      args.devices_given ? run::parse_device_list(args.devices) : std::vector<int>{};
  if (!devices.empty() && args.no_isolate)
    throw Error("--no-isolate",
                "cannot give each case its own device in this process; --devices "
                "needs each case in its own process");
  // Ids are used as they are, not counted within the runner's own list: say so when it has one.
  if (const char* own = std::getenv("CUDA_VISIBLE_DEVICES"); own && !devices.empty())
    note(
        "lstmbench: note: this process has CUDA_VISIBLE_DEVICES={}; each case's process gets "
        "its --devices id instead, as a device id of this machine\n",
        own);
  std::string suite_path = args.suite_path.empty() ? default_suite_path() : args.suite_path;
  suite::Suite suite = load_suite_with_overrides(suite_path, args.sets);
  std::vector<suite::CaseSpec> cases = suite::select_cases(
      suite, {.backends = args.backends, .shard = args.shard, .filter = args.filter});
  if (!args.dump_dir.empty()) return dump_workloads(cases, args.dump_dir);
  // The CPU set is suite-wide: a bad or unusable one stops the run before anything runs.
  if (!cases.empty() && !cases.front().cpus.empty()) {
    run::check_cpus_usable(run::parse_cpu_list(cases.front().cpus), cases.front().cpus);
    if (args.no_isolate)
      throw Error("--no-isolate",
                  "cannot pin cases to the cpus setting's CPUs in this process; "
                  "cpus needs each case in its own process");
  }
  if (!args.baseline_plugin_dir.empty()) {
    if (!fs::is_directory(args.baseline_plugin_dir))
      throw Error("--baseline-plugin-dir " + args.baseline_plugin_dir,
                  "not a folder: give the plugins folder of the baseline build (its "
                  "build/<preset>/plugins)");
    if (!(args.threshold >= 0))
      throw Error("--threshold", fmt::format("must be >= 0 (0.05 is 5%), got {}", args.threshold));
    cases = suite::baseline_and_candidate(cases);
  }

  const std::string out_dir = args.out_dir.empty() ? default_out_dir(suite.name) : args.out_dir;
  // Locked before anything runs: a second run on the same folder stops here, naming the first.
  results::RunFolder folder(
      out_dir, args.resume ? results::RunFolder::Mode::kResume : results::RunFolder::Mode::kFresh);
  // Every distinct workload built once, now: bad data stops the run here (exit 2), before any
  // case runs and before the folder's earlier results are replaced.
  run::WorkloadCache workloads(cases, (fs::path(out_dir) / ".workloads").string());
  run::RunOptions options;
  options.workloads = &workloads;
  options.plugin_dirs = args.plugin_dirs;
  options.isolate = !args.no_isolate;
  options.baseline_plugin_dir = args.baseline_plugin_dir;
  options.devices = devices;
  if (!options.isolate && !args.baseline_plugin_dir.empty())
    throw Error("--no-isolate",
                "cannot load two builds of a plugin into one process; an A/B "
                "(--baseline-plugin-dir) needs each case in its own process");

  plugin::PluginRegistry registry;
  // Isolated runs load plugins in each child; this process only needs them for --no-isolate.
  if (!options.isolate) registry.load_folders(plugin::plugin_search_path(args.plugin_dirs));

  nlohmann::json environment = run::host_environment(args.command_line);
  environment["suite"] = suite.name;
  environment["suite_path"] = suite.path;
  if (const char* machine = std::getenv("LSTMBENCH_MACHINE")) environment["machine"] = machine;
  if (!devices.empty()) environment["devices"] = args.devices;
  nlohmann::json plugins = probe_plugin_environment(args.plugin_dirs);
  environment.update(plugins);

  ProgressPrinter progress(ProgressPrinter::mode_for(args.quiet), cases);
  if (!args.quiet)
    note("lstmbench: suite {} ({} cases) -> {}\n", suite.name, cases.size(), out_dir);
  options.on_case_update = [&](const results::CaseResult& partial) {
    progress.on_case_update(partial);
  };
  run::install_interrupt_handlers();
  folder.write_environment(environment);
  std::vector<results::CaseResult> results = run::run_suite(
      cases, options, registry, folder,
      [&](const results::CaseResult& r, std::size_t done, std::size_t total) {
        progress.on_case_done(r, done, total);
      },
      [&](int round, int planned, std::size_t live, double elapsed_s) {
        progress.on_round(round, planned, live, elapsed_s);
      });
  progress.finish();

  report::write_reports(out_dir, results, environment);
  if (!args.gbench_json.empty())
    report::write_gbench_json(args.gbench_json, results, environment, report::this_host_facts());
  report::write_seed_table(std::cout, results);
  fmt::print("\nresults: {0}/results.jsonl, {0}/results.csv, {0}/report.md\n", out_dir);
  if (!args.gbench_json.empty()) fmt::print("Google Benchmark JSON: {}\n", args.gbench_json);
  if (int signal = run::interrupt_signal(); signal != 0) {
    note(
        "lstmbench: interrupted ({}): {} of {} cases finished and are kept; "
        "--resume --out {} runs the rest\n",
        run::describe_signal(signal), results.size(), cases.size(), out_dir);
    return 128 + signal;
  }
  int code = run::exit_code_for(results);
  if (code == 0 && args.fail_on_skip)
    for (const results::CaseResult& r : results)
      if (r.status == results::Status::skipped) code = 1;
  if (!args.baseline_plugin_dir.empty()) {
    const report::PairedComparison ab =
        report::compare_within(results, "build", "baseline", args.threshold);
    fmt::print("\nA/B: candidate (this build) against baseline ({})\n\n", args.baseline_plugin_dir);
    report::write_paired_comparison(std::cout, ab);
    if (ab.has_regression) code = 1;
  }
  return code;
}

int run_case_command(const std::string& case_path, int channel_fd, int command_fd,
                     const std::vector<std::string>& plugin_dirs) {
  return run::run_case_child(case_path, channel_fd, command_fd, plugin_dirs);
}

int environment_probe_command(int result_fd, const std::vector<std::string>& plugin_dirs) {
  run::die_with_parent();
  plugin::PluginRegistry registry;
  registry.load_folders(plugin::plugin_search_path(plugin_dirs));
  return run::send_message(result_fd, json_text(run::plugin_environment(registry)) + "\n") ? 0 : 1;
}

}  // namespace lstmbench::app
