// `lstmbench merge OUT_DIR RESULTS...`: one run folder made from the results of shards
// (--shard K/N) or reruns, so reports and `compare` see the whole suite.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "common/error.hpp"
#include "common/json_text.hpp"
#include "report/report.hpp"
#include "run/result_json.hpp"

namespace lstmbench::app {

namespace fs = std::filesystem;

namespace {

struct Entry {
  run::CaseResult result;
  std::size_t file = 0;  // position of the input it came from
};

// The first readable environment.json beside an input: the header of the merged report.
nlohmann::json first_environment(const std::vector<std::string>& files, fs::path& found) {
  for (const std::string& file : files) {
    const fs::path path = fs::path(file).parent_path() / "environment.json";
    std::ifstream in(path);
    if (!in) continue;
    nlohmann::json environment = nlohmann::json::parse(in, nullptr, false);
    if (environment.is_discarded()) continue;
    found = path;
    return environment;
  }
  return nlohmann::json::object();
}

}  // namespace

int merge_command(const std::string& out_dir, const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const std::string& input : inputs) files.push_back(results_file(input));

  // Later files (and later lines) win for the same case id: a rerun replaces what it reran.
  std::map<std::string, Entry> by_id;
  for (std::size_t f = 0; f < files.size(); ++f) {
    for (run::CaseResult& r : run::read_results(files[f])) {
      const std::string id = r.spec.id;  // the right side of `=` runs first and moves r
      by_id[id] = {std::move(r), f};
    }
  }
  std::vector<Entry> entries;
  for (auto& [id, entry] : by_id) entries.push_back(std::move(entry));
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (a.result.spec.index != b.result.spec.index)
      return a.result.spec.index < b.result.spec.index;
    return a.file < b.file;
  });
  std::vector<run::CaseResult> results;
  for (Entry& entry : entries) results.push_back(std::move(entry.result));

  fs::create_directories(out_dir);
  const fs::path results_path = fs::path(out_dir) / "results.jsonl";
  // Written aside and renamed: an input may be this very file, and a crash must not lose it.
  const fs::path partial = fs::path(out_dir) / "results.jsonl.partial";
  {
    std::ofstream out(partial);
    if (!out) throw Error(partial.string(), "cannot write the merged results here");
    for (const run::CaseResult& r : results) out << json_text(run::result_to_json(r)) << '\n';
    if (!out.flush()) throw Error(partial.string(), "writing the merged results failed");
  }
  fs::rename(partial, results_path);

  fs::path environment_path;
  const nlohmann::json environment = first_environment(files, environment_path);
  const fs::path environment_copy = fs::path(out_dir) / "environment.json";
  if (!environment_path.empty() &&
      !(fs::exists(environment_copy) && fs::equivalent(environment_path, environment_copy))) {
    fs::copy_file(environment_path, environment_copy, fs::copy_options::overwrite_existing);
  }
  report::write_reports(out_dir, results, environment);

  fmt::print("merged {} case{} from {} file{} into {}\n", results.size(),
             results.size() == 1 ? "" : "s", files.size(), files.size() == 1 ? "" : "s",
             results_path.string());
  fmt::print("reports: {0}/report.md, {0}/results.csv, {0}/results.json\n", out_dir);
  return 0;
}

}  // namespace lstmbench::app
