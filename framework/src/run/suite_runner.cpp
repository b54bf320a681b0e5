#include "run/suite_runner.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>

#include "common/json_text.hpp"
#include "plugin/self_path.hpp"
#include "run/case_runner.hpp"
#include "run/child_process.hpp"
#include "run/result_json.hpp"

namespace lstmbench::run {

namespace fs = std::filesystem;

namespace {

// The parent's verdict on a child that did not hand back a result.
CaseResult result_of_lost_child(const suite::CaseSpec& spec, const ChildOutcome& child,
                                const std::string& log_path) {
  CaseResult r;
  r.spec = spec;
  r.val_loss = NAN;
  r.log_path = log_path;
  std::string last = child.last_log_line.empty() ? "" : "; last log line: " + child.last_log_line;
  if (!child.started) {
    r.status = Status::failed;
    r.reason = child.start_error;
  } else if (child.timed_out) {
    r.status = Status::timeout;
    r.reason = fmt::format("no result within timeout_s = {} s; killed{}", spec.timeout_s, last);
  } else if (child.signal != 0) {
    r.status = Status::crashed;
    r.reason = "killed by " + describe_signal(child.signal) + last;
  } else {
    r.status = Status::failed;
    r.reason =
        fmt::format("case process exited with code {} without a result{}", child.exit_code, last);
  }
  return r;
}

// RETURNS: the case's result, or nothing when the run was interrupted while it ran (an
// unfinished case is not recorded: --resume runs it again).
std::optional<CaseResult> run_isolated(const suite::CaseSpec& spec, const RunOptions& options) {
  fs::path logs = fs::path(options.out_dir) / "logs";
  fs::create_directories(logs);
  std::string stem = fmt::format("case-{:04d}-{}", spec.index, spec.id);
  std::string case_path = (logs / (stem + ".json")).string();
  std::string log_path = (logs / (stem + ".log")).string();
  std::ofstream(case_path) << json_text(spec_to_json(spec)) << '\n';

  std::vector<std::string> argv{
      plugin::self_executable_path(), "run-case", "--case", case_path, "--result-fd", "3"};
  for (const std::string& dir : options.plugin_dirs) {
    argv.push_back("--plugin-dir");
    argv.push_back(dir);
  }
  // timeout_s bounds the whole case process: start-up, verification and every epoch.
  ChildOutcome child = run_child(argv, log_path, spec.timeout_s);
  if (child.interrupted) return std::nullopt;
  // A complete result line counts even if the process died after sending it.
  if (!child.message.empty() && child.message.back() == '\n') {
    nlohmann::json j = nlohmann::json::parse(child.message, nullptr, false);
    if (!j.is_discarded()) {
      CaseResult r = result_from_json(j);
      r.log_path = log_path;
      return r;
    }
  }
  return result_of_lost_child(spec, child, log_path);
}

// A run killed mid-write leaves a last line without its newline: cut it off, so the next
// result starts a line of its own (read_results already ignores such a line).
void drop_partial_last_line(const std::string& results_path) {
  std::ifstream in(results_path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.empty() || text.back() == '\n') return;
  std::size_t keep = text.rfind('\n');
  fs::resize_file(results_path, keep == std::string::npos ? 0 : keep + 1);
}

std::map<std::string, CaseResult> finished_cases(const std::string& results_path) {
  std::map<std::string, CaseResult> done;
  if (!fs::exists(results_path)) return done;
  drop_partial_last_line(results_path);
  for (CaseResult& r : read_results(results_path)) done[r.spec.id] = std::move(r);
  return done;
}

}  // namespace

std::vector<CaseResult> run_suite(const std::vector<suite::CaseSpec>& cases,
                                  const RunOptions& options, const plugin::PluginRegistry& registry,
                                  const ProgressFn& progress) {
  fs::create_directories(options.out_dir);
  std::string results_path = (fs::path(options.out_dir) / "results.jsonl").string();
  std::map<std::string, CaseResult> done;
  if (options.resume) done = finished_cases(results_path);
  std::ofstream results_file(results_path, options.resume ? std::ios::app : std::ios::trunc);

  std::vector<CaseResult> results;
  for (const suite::CaseSpec& spec : cases) {
    if (auto it = done.find(spec.id); it != done.end()) {
      results.push_back(it->second);
      if (progress) progress(results.back(), results.size(), cases.size());
      continue;
    }
    if (interrupt_signal() != 0) break;
    std::optional<CaseResult> finished =
        options.isolate ? run_isolated(spec, options) : run_case(spec, registry);
    if (!finished || interrupt_signal() != 0) break;
    CaseResult result = std::move(*finished);
    // Flushed now: a run killed later keeps every finished case (and --resume skips it).
    results_file << json_text(result_to_json(result)) << '\n' << std::flush;
    results.push_back(std::move(result));
    if (progress) progress(results.back(), results.size(), cases.size());
  }
  return results;
}

int run_case_child(const std::string& case_json_path, int result_fd,
                   const std::vector<std::string>& plugin_dirs) {
  die_with_parent();
  // Programs this case starts (external peers) must not hold the result channel open.
  fcntl(result_fd, F_SETFD, FD_CLOEXEC);
  std::ifstream in(case_json_path);
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded()) {
    fmt::print(stderr, "{}: not a case description\n", case_json_path);
    return 2;
  }
  suite::CaseSpec spec = spec_from_json(j);
  plugin::PluginRegistry registry;
  registry.load_folders(plugin::plugin_search_path(plugin_dirs));
  for (const auto& failure : registry.failures())
    fmt::print(stderr, "plugin {} not loaded: {}\n", failure.path, failure.reason);
  CaseResult result = run_case(spec, registry);
  bool sent = send_message(result_fd, json_text(result_to_json(result)) + "\n");
  // Leave without static destructors (driver and plugin teardown at exit): the result is out,
  // and nothing that could crash after it may turn a finished case into a crashed one.
  std::fflush(nullptr);
  _exit(sent ? 0 : 3);
}

int exit_code_for(const std::vector<CaseResult>& results) {
  for (const CaseResult& r : results)
    if (r.status != Status::ok && r.status != Status::skipped) return 1;
  return 0;
}

}  // namespace lstmbench::run
