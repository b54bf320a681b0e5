#include <filesystem>
#include <fstream>

#include "common/error.hpp"
#include "report/report.hpp"

namespace lstmbench::report {
namespace {

// Writes through a temporary file and renames it, so a crash mid-write never leaves a truncated
// report where an older complete one was.
template <typename Writer>
void write_file(const std::filesystem::path& path, Writer&& write) {
  const std::filesystem::path partial = path.string() + ".partial";
  {
    std::ofstream out(partial, std::ios::binary);
    if (!out) throw Error(partial.string(), "cannot open the file for writing");
    write(out);
    out.flush();
    if (!out) throw Error(partial.string(), "writing failed (disk full?)");
  }
  std::error_code error;
  std::filesystem::rename(partial, path, error);
  if (error) throw Error(path.string(), "cannot replace the file: " + error.message());
}

}  // namespace

void write_reports(const std::string& dir, const std::vector<run::CaseResult>& results,
                   const nlohmann::json& environment) {
  const std::filesystem::path folder(dir);
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) throw Error(dir, "cannot create the report folder: " + error.message());
  write_file(folder / "report.md",
             [&](std::ostream& out) { write_markdown(out, results, environment); });
  write_file(folder / "results.csv", [&](std::ostream& out) { write_csv(out, results); });
  write_file(folder / "results.json",
             [&](std::ostream& out) { write_json(out, results, environment); });
}

}  // namespace lstmbench::report
