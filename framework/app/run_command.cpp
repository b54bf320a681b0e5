#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include "commands.hpp"
#include "common/error.hpp"
#include "common/json_text.hpp"
#include "plugin/plugin_registry.hpp"
#include "plugin/self_path.hpp"
#include "report/format.hpp"
#include "report/report.hpp"
#include "run/child_process.hpp"
#include "run/environment.hpp"
#include "run/suite_runner.hpp"
#include "stats/case_metrics.hpp"
#include "suite/did_you_mean.hpp"
#include "workload/workload.hpp"

namespace lstmbench::app {

namespace fs = std::filesystem;

namespace {

// Parses "K/N" (1 <= K <= N) with nothing else around it.
std::pair<int, int> parse_shard(const std::string& text) {
  int shard = 0, shards = 0;
  const char* end = text.data() + text.size();
  auto [slash, ok1] = std::from_chars(text.data(), end, shard);
  bool valid = ok1 == std::errc() && slash != end && *slash == '/';
  if (valid) {
    auto [rest, ok2] = std::from_chars(slash + 1, end, shards);
    valid = ok2 == std::errc() && rest == end && shards >= 1 && shard >= 1 && shard <= shards;
  }
  if (!valid) throw Error("--shard " + text, "expected K/N with 1 <= K <= N, e.g. --shard 2/4");
  return {shard, shards};
}

std::vector<suite::CaseSpec> select_cases(const suite::Suite& suite, const RunArgs& args) {
  // A --backend no case uses would select nothing and pass: name it instead.
  std::vector<std::string> suite_backends;
  for (const suite::CaseSpec& c : suite.cases)
    if (std::find(suite_backends.begin(), suite_backends.end(), c.backend) == suite_backends.end())
      suite_backends.push_back(c.backend);
  for (const std::string& b : args.backends)
    if (std::find(suite_backends.begin(), suite_backends.end(), b) == suite_backends.end())
      throw Error("--backend " + b, "no case of " + suite.path + " uses this backend" +
                                        suite::did_you_mean(b, suite_backends));
  auto [shard, shards] = args.shard.empty() ? std::pair{1, 1} : parse_shard(args.shard);
  std::set<std::string> backends(args.backends.begin(), args.backends.end());
  std::vector<suite::CaseSpec> cases;
  for (const suite::CaseSpec& c : suite.cases) {
    if (!backends.empty() && !backends.count(c.backend)) continue;
    if (shards > 1 && c.index % shards != shard - 1) continue;
    cases.push_back(c);
  }
  return cases;
}

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

void print_progress(const run::CaseResult& r, std::size_t done, std::size_t total) {
  std::string what;
  for (const auto& [name, value] : r.spec.varying) what += fmt::format(" {}={}", name, value);
  if (what.empty()) what = " " + r.spec.backend;
  std::string outcome = run::to_string(r.status);
  if (!r.epoch_ms.empty()) {
    stats::CaseMetrics m = stats::case_metrics(r);
    outcome += "  " + report::fixed_significant(m.epoch_ms.mean, 4) + " ms/epoch";
  }
  if (r.verification.ran) outcome += r.verification.passed ? "  verified" : "  NOT verified";
  if (!r.reason.empty()) outcome += "  (" + r.reason + ")";
  fmt::print(stderr, "[{}/{}]{}: {}\n", done, total, what, outcome);
}

}  // namespace

int run_command(const RunArgs& args) {
  std::string suite_path = args.suite_path.empty() ? default_suite_path() : args.suite_path;
  suite::Suite suite = load_suite_with_overrides(suite_path, args.sets);
  std::vector<suite::CaseSpec> cases = select_cases(suite, args);
  if (!args.dump_dir.empty()) return dump_workloads(cases, args.dump_dir);

  run::RunOptions options;
  options.out_dir = args.out_dir.empty() ? default_out_dir(suite.name) : args.out_dir;
  options.plugin_dirs = args.plugin_dirs;
  options.isolate = !args.no_isolate;
  options.resume = args.resume;

  plugin::PluginRegistry registry;
  // Isolated runs load plugins in each child; this process only needs them for --no-isolate.
  if (!options.isolate) registry.load_folders(plugin::plugin_search_path(args.plugin_dirs));

  nlohmann::json environment = run::host_environment(args.command_line);
  environment["suite"] = suite.name;
  environment["suite_path"] = suite.path;
  if (const char* machine = std::getenv("LSTMBENCH_MACHINE")) environment["machine"] = machine;
  nlohmann::json plugins = probe_plugin_environment(args.plugin_dirs);
  environment.update(plugins);

  fmt::print(stderr, "lstmbench: suite {} ({} cases) -> {}\n", suite.name, cases.size(),
             options.out_dir);
  run::install_interrupt_handlers();
  std::vector<run::CaseResult> results = run::run_suite(cases, options, registry, print_progress);

  report::write_reports(options.out_dir, results, environment);
  std::ofstream(fs::path(options.out_dir) / "environment.json")
      << json_text(environment, 2) << '\n';
  report::write_seed_table(std::cout, results);
  fmt::print("\nresults: {0}/results.jsonl, {0}/results.csv, {0}/report.md\n", options.out_dir);
  if (int signal = run::interrupt_signal(); signal != 0) {
    fmt::print(stderr,
               "lstmbench: interrupted ({}): {} of {} cases finished and are kept; "
               "--resume --out {} runs the rest\n",
               run::describe_signal(signal), results.size(), cases.size(), options.out_dir);
    return 128 + signal;
  }
  int code = run::exit_code_for(results);
  if (code == 0 && args.fail_on_skip)
    for (const run::CaseResult& r : results)
      if (r.status == run::Status::skipped) code = 1;
  return code;
}

int run_case_command(const std::string& case_path, int result_fd,
                     const std::vector<std::string>& plugin_dirs) {
  return run::run_case_child(case_path, result_fd, plugin_dirs);
}

int environment_probe_command(int result_fd, const std::vector<std::string>& plugin_dirs) {
  run::die_with_parent();
  plugin::PluginRegistry registry;
  registry.load_folders(plugin::plugin_search_path(plugin_dirs));
  return run::send_message(result_fd, json_text(run::plugin_environment(registry)) + "\n") ? 0 : 1;
}

}  // namespace lstmbench::app
