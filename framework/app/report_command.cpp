#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "report/gbench_json.hpp"
#include "report/report.hpp"
#include "results/run_folder.hpp"

namespace lstmbench::app {

namespace fs = std::filesystem;

int report_command(const std::string& results_path, const std::string& out_dir,
                   const std::string& command_line, const std::string& gbench_json) {
  const std::string file = results::resolve_results_file(results_path);
  std::vector<results::CaseResult> results = results::read_results(file);
  fs::path folder = out_dir.empty() ? fs::path(file).parent_path() : fs::path(out_dir);
  // The environment recorded by the run, when it is beside the results.
  nlohmann::json environment = results::read_environment_beside(file);
  // The numbers are the run's; the rendering is this build's: say so in the header.
  environment["report_rebuilt_by"] = command_line;
  fs::create_directories(folder);
  report::write_reports(folder.string(), results, environment);
  report::write_seed_table(std::cout, results);
  fmt::print("\nreports: {0}/report.md, {0}/results.csv\n", folder.string());
  if (!gbench_json.empty()) {
    // The host facts of the machine that ran the cases were not recorded: left unknown.
    report::write_gbench_json(gbench_json, results, environment, {});
    fmt::print("Google Benchmark JSON: {}\n", gbench_json);
  }
  return 0;
}

}  // namespace lstmbench::app
