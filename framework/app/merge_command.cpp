// `lstmbench merge OUT_DIR RESULTS...`: one run folder made from the results of shards
// (--shard K/N) or reruns, so reports and `compare` see the whole suite.
#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "common/diagnostics.hpp"
#include "common/json_text.hpp"
#include "report/report.hpp"
#include "report/shard_differences.hpp"
#include "results/merge.hpp"
#include "results/result_json.hpp"
#include "results/run_folder.hpp"

namespace lstmbench::app {

namespace fs = std::filesystem;

int merge_command(const std::string& out_dir, const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const std::string& input : inputs) files.push_back(results::resolve_results_file(input));
  // Later files (and later lines) win for the same case id: a rerun replaces what it reran.
  const std::vector<results::CaseResult> merged = results::merge_results_files(files);

  // The first environment found beside an input heads the merged report; every input's own is
  // kept under "shards", so the report can say where they differ.
  nlohmann::json environment = nlohmann::json::object();
  nlohmann::json shards = nlohmann::json::array();
  for (std::size_t i = 0; i < files.size(); ++i) {
    nlohmann::json own = results::read_environment_beside(files[i]);
    if (environment.empty()) environment = own;
    shards.push_back(
        {{"source", inputs[i]}, {"environment", own.empty() ? nlohmann::json() : own}});
  }
  if (!environment.empty()) environment["shards"] = shards;
  if (const auto differences = report::shard_differences(environment); !differences.empty()) {
    note(
        "lstmbench: warning: the merged shards did not all run on the same hardware and "
        "software; times from shards that differ were measured on different setups:\n");
    for (const report::ShardDifference& d : differences) note("  {}\n", report::describe(d));
  }

  fs::create_directories(out_dir);
  std::string lines;
  for (const results::CaseResult& r : merged) lines += json_text(results::result_to_json(r)) + '\n';
  // Written aside and renamed: an input may be this very file, and a crash must not lose it.
  results::write_file_atomically((fs::path(out_dir) / "results.jsonl").string(), lines);
  if (!environment.empty())
    results::write_file_atomically((fs::path(out_dir) / "environment.json").string(),
                                   json_text(environment, 2) + "\n");
  report::write_reports(out_dir, merged, environment);

  fmt::print("merged {} case{} from {} file{} into {}/results.jsonl\n", merged.size(),
             merged.size() == 1 ? "" : "s", files.size(), files.size() == 1 ? "" : "s", out_dir);
  fmt::print("reports: {0}/report.md, {0}/results.csv, {0}/results.json\n", out_dir);
  return 0;
}

}  // namespace lstmbench::app
