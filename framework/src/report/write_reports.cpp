#include <filesystem>
#include <sstream>

#include "common/error.hpp"
#include "report/report.hpp"
#include "results/run_folder.hpp"

namespace lstmbench::report {
namespace {

template <typename Writer>
void write_text(const std::filesystem::path& path, Writer&& write) {
  std::ostringstream out;
  write(out);
  results::write_file_atomically(path.string(), out.str());
}

}  // namespace

void write_reports(const std::string& dir, const std::vector<results::CaseResult>& results,
                   const nlohmann::json& environment) {
  const std::filesystem::path folder(dir);
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) throw Error(dir, "cannot create the report folder: " + error.message());
  write_text(folder / "report.md",
             [&](std::ostream& out) { write_markdown(out, results, environment, dir); });
  write_text(folder / "results.csv", [&](std::ostream& out) { write_csv(out, results); });
  write_text(folder / "results.json",
             [&](std::ostream& out) { write_json(out, results, environment); });
}

}  // namespace lstmbench::report
