// Whatever a plugin prints, the reports stay small: a case's reason, verification note and
// backend details are capped in every writer (results.jsonl alone keeps them whole).
#include <gtest/gtest.h>

#include <filesystem>

#include "report/report.hpp"
#include "sample_results.hpp"
#include "support/scratch.hpp"

namespace lstmbench::report {
namespace {

using lstmbench::testing::read_file;

TEST(BoundedText, EightMegabyteReasonsKeepReportMdUnderOneMegabyte) {
  auto results = testing::sample_results();
  const std::string huge(8u << 20, 'x');
  for (auto& r : results) {
    r.reason = huge;
    r.verification.note = huge;
    r.backend_details = huge;
  }
  results[3].log_path = "logs/case-3.log";
  const lstmbench::testing::ScratchFolder folder;
  const auto& dir = folder.path;
  write_reports(dir.string(), results, testing::sample_environment());

  EXPECT_LT(std::filesystem::file_size(dir / "report.md"), 1u << 20);
  const std::string markdown = read_file(dir / "report.md");
  EXPECT_NE(markdown.find("… truncated, see logs/case-3.log"), std::string::npos);
  // CSV and JSON keep more of each text, still far below what was printed.
  EXPECT_LT(std::filesystem::file_size(dir / "results.csv"), 4u << 20);
  EXPECT_LT(std::filesystem::file_size(dir / "results.json"), 4u << 20);
  EXPECT_NE(read_file(dir / "results.csv").find("… truncated, see"), std::string::npos);
}

}  // namespace
}  // namespace lstmbench::report
