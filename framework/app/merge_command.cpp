// `lstmbench merge OUT_DIR RESULTS...`: one run folder made from the results of shards
// (--shard K/N) or reruns, so reports and `compare` see the whole suite.
#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "common/json_text.hpp"
#include "report/report.hpp"
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

  // The first environment found beside an input heads the merged report.
  nlohmann::json environment = nlohmann::json::object();
  for (const std::string& file : files) {
    environment = results::read_environment_beside(file);
    if (!environment.empty()) break;
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
