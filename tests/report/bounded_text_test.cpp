// Whatever a plugin prints, the reports stay small: a case's reason, verification note and
// backend details are capped in every writer (results.jsonl alone keeps them whole).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "report/report.hpp"
#include "sample_results.hpp"

namespace lstmbench::report {
namespace {

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(BoundedText, EightMegabyteReasonsKeepReportMdUnderOneMegabyte) {
  auto results = testing::sample_results();
  const std::string huge(8u << 20, 'x');
  for (auto& r : results) {
    r.reason = huge;
    r.verification.note = huge;
    r.backend_details = huge;
  }
  results[3].log_path = "logs/case-3.log";
  const auto dir = std::filesystem::temp_directory_path() /
                   ("lstmbench_bounded_text_" +
                    std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::filesystem::remove_all(dir);
  write_reports(dir.string(), results, testing::sample_environment());

  EXPECT_LT(std::filesystem::file_size(dir / "report.md"), 1u << 20);
  const std::string markdown = read(dir / "report.md");
  EXPECT_NE(markdown.find("… truncated, see logs/case-3.log"), std::string::npos);
  // CSV and JSON keep more of each text, still far below what was printed.
  EXPECT_LT(std::filesystem::file_size(dir / "results.csv"), 4u << 20);
  EXPECT_LT(std::filesystem::file_size(dir / "results.json"), 4u << 20);
  EXPECT_NE(read(dir / "results.csv").find("… truncated, see"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lstmbench::report
