#include "report/gbench_json.hpp"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <span>

#include "common/error.hpp"
#include "results/run_folder.hpp"
#include "stats/case_metrics.hpp"
#include "stats/rounds.hpp"
#include "stats/summary.hpp"
#include "suite/case_selection.hpp"

namespace lstmbench::report {

using json = nlohmann::ordered_json;

namespace {

// Google Benchmark's JSON schema version these documents follow (its compare.py refuses others).
constexpr int kJsonSchemaVersion = 1;

std::string string_or(const nlohmann::json& object, const char* key, const std::string& fallback) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : fallback;
}

// The program that produced the numbers: the first word of the recorded command line.
std::string executable_of(const nlohmann::json& environment) {
  const std::string command = string_or(environment, "command", "");
  const std::string first = command.substr(0, command.find(' '));
  return first.empty() ? "lstmbench" : first;
}

json context_of(const nlohmann::json& environment, const GbenchHostFacts& host) {
  auto cores = environment.find("cores");
  json load_avg = json::array();
  for (double load : host.load_avg) load_avg.push_back(load);
  json context{
      {"date", string_or(environment, "date", "")},
      {"host_name", string_or(environment, "host", "")},
      {"executable", executable_of(environment)},
      // 0: not recorded (a results file from before the environment was kept).
      {"num_cpus", cores != environment.end() && cores->is_number() ? cores->get<int>() : 0},
      {"mhz_per_cpu", host.mhz_per_cpu},
      {"cpu_scaling_enabled", host.cpu_scaling_enabled},
      {"caches", json::array()},
      {"load_avg", load_avg},
      {"library_version", "lstmbench " + string_or(environment, "lstmbench", "unknown")},
#ifdef NDEBUG
      {"library_build_type", "release"},
#else
      {"library_build_type", "debug"},
#endif
      {"json_schema_version", kJsonSchemaVersion}};
  // lstmbench's own facts, as strings like Google Benchmark's custom context entries.
  static const std::pair<const char*, const char*> kOwnKeys[] = {
      {"lstmbench", "lstmbench_version"}, {"git_commit", "lstmbench_git_commit"},
      {"suite", "lstmbench_suite"},       {"machine", "lstmbench_machine"},
      {"cpu", "lstmbench_cpu"},           {"os", "lstmbench_os"},
      {"command", "lstmbench_command"},   {"report_rebuilt_by", "lstmbench_report_rebuilt_by"}};
  for (const auto& [key, name] : kOwnKeys)
    if (auto it = environment.find(key); it != environment.end() && it->is_string())
      context[name] = *it;
  return context;
}

// The number of timed epochs behind each of stats::round_means_ms's means, in its order and by
// its rule: a round counts its timed epochs with a positive, finite time; results without round
// numbers have one epoch per round.
std::vector<int> round_epoch_counts(const results::CaseResult& result) {
  const std::span<const double> timed = stats::timed_epochs(result);
  const auto usable = [](double ms) { return ms > 0 && std::isfinite(ms); };
  std::vector<int> counts;
  if (result.epoch_round.size() != result.epoch_ms.size()) {
    for (double ms : timed)
      if (usable(ms)) counts.push_back(1);
    return counts;
  }
  std::map<int, int> by_round;
  for (std::size_t i = result.epoch_ms.size() - timed.size(); i < result.epoch_ms.size(); ++i)
    if (usable(result.epoch_ms[i])) ++by_round[result.epoch_round[i]];
  for (const auto& [round, count] : by_round) counts.push_back(count);
  return counts;
}

// The keys every entry of one case shares, in Google Benchmark's order.
json entry_head(const std::string& name, const std::string& run_name, int family_index,
                const char* run_type, int repetitions) {
  return json{
      {"name", name},         {"family_index", family_index}, {"per_family_instance_index", 0},
      {"run_name", run_name}, {"run_type", run_type},         {"repetitions", repetitions}};
}

void add_error(json& entry, const results::CaseResult& result) {
  if (result.status == results::Status::ok) return;
  entry["error_occurred"] = true;
  entry["error_message"] = std::string(results::to_string(result.status)) +
                           (result.reason.empty() ? "" : ": " + result.reason);
}

void add_times(json& entry, int iterations, double value) {
  entry["iterations"] = iterations;
  // lstmbench times wall clock only; cpu_time repeats it so that readers comparing either find
  // the same number.
  entry["real_time"] = value;
  entry["cpu_time"] = value;
  entry["time_unit"] = "ms";
}

void append_case(json& benchmarks, const results::CaseResult& result, int family_index) {
  const std::vector<double> means = stats::round_means_ms(result);
  const std::vector<int> epochs = round_epoch_counts(result);
  const std::string name = suite::case_name(result.spec);
  const int rounds = static_cast<int>(means.size());
  for (int k = 0; k < rounds; ++k) {
    json entry = entry_head(name, name, family_index, "iteration", rounds);
    entry["repetition_index"] = k;
    entry["threads"] = 1;
    add_error(entry, result);
    add_times(entry, k < static_cast<int>(epochs.size()) ? epochs[k] : 1, means[k]);
    benchmarks.push_back(std::move(entry));
  }
  // Google Benchmark writes aggregates only over two or more repetitions without an error; so
  // does this (a failed case's numbers are not a result to chart).
  if (rounds < 2 || result.status != results::Status::ok) return;
  const stats::Summary summary = stats::summarize(means);
  const struct {
    const char* name;
    const char* unit;
    double value;
  } aggregates[] = {{"mean", "time", summary.mean},
                    {"median", "time", summary.median},
                    {"stddev", "time", summary.stddev},
                    {"cv", "percentage", stats::round_cv(means)}};
  for (const auto& aggregate : aggregates) {
    json entry = entry_head(name + "_" + aggregate.name, name, family_index, "aggregate", rounds);
    entry["threads"] = 1;
    entry["aggregate_name"] = aggregate.name;
    entry["aggregate_unit"] = aggregate.unit;
    // An aggregate's iterations are the number of repetitions it summarises.
    add_times(entry, rounds, aggregate.value);
    benchmarks.push_back(std::move(entry));
  }
}

}  // namespace

GbenchHostFacts this_host_facts() {
  GbenchHostFacts host;
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);)
    if (line.rfind("cpu MHz", 0) == 0 && line.find(':') != std::string::npos) {
      host.mhz_per_cpu =
          static_cast<int>(std::lround(std::atof(line.c_str() + line.find(':') + 1)));
      break;
    }
  std::ifstream governor("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor");
  std::string name;
  if (governor >> name) host.cpu_scaling_enabled = name != "performance";
  double loads[3];
  const int n = getloadavg(loads, 3);
  for (int i = 0; i < n; ++i) host.load_avg.push_back(loads[i]);
  return host;
}

json gbench_json(const std::vector<results::CaseResult>& results, const nlohmann::json& environment,
                 const GbenchHostFacts& host) {
  json benchmarks = json::array();
  int family_index = 0;
  for (const results::CaseResult& result : results) {
    if (stats::round_means_ms(result).empty()) continue;
    append_case(benchmarks, result, family_index++);
  }
  return json{{"context", context_of(environment, host)}, {"benchmarks", benchmarks}};
}

void write_gbench_json(const std::string& path, const std::vector<results::CaseResult>& results,
                       const nlohmann::json& environment, const GbenchHostFacts& host) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  std::error_code error;
  if (!parent.empty()) std::filesystem::create_directories(parent, error);
  if (error) throw Error(path, "cannot create the folder for --gbench-json: " + error.message());
  // Replacing bytes that are not UTF-8 (as json_text does): a reason or a host name must not
  // stop the export.
  const std::string text =
      gbench_json(results, environment, host).dump(2, ' ', false, json::error_handler_t::replace);
  results::write_file_atomically(path, text + "\n");
}

}  // namespace lstmbench::report
