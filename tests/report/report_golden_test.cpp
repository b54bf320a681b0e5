// Output tests: known results rendered by every writer, compared with tests/golden/ (see
// golden.hpp for regenerating them).
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>

#include "golden.hpp"
#include "report/report.hpp"
#include "sample_results.hpp"

namespace lstmbench::report {
namespace {

TEST(ReportGolden, SeedTable) {
  std::ostringstream out;
  write_seed_table(out, testing::sample_results());
  testing::expect_matches_golden("report_seed_table.md", out.str());
}

TEST(ReportGolden, Csv) {
  std::ostringstream out;
  write_csv(out, testing::sample_results());
  testing::expect_matches_golden("results.csv", out.str());
}

TEST(ReportGolden, Markdown) {
  std::ostringstream out;
  write_markdown(out, testing::sample_results(), testing::sample_environment());
  testing::expect_matches_golden("report.md", out.str());
}

TEST(ReportGolden, ThePerCaseTableFitsAGitHubPage) {
  // GitHub shows about 12 columns of a Markdown table without scrolling; status and
  // verification, the last two, must stay on screen.
  std::ostringstream out;
  write_markdown(out, testing::sample_results(), testing::sample_environment());
  const std::string md = out.str();
  const std::size_t results = md.find("## Results");
  ASSERT_NE(results, std::string::npos);
  const std::size_t header = md.find("\n| case", results);
  ASSERT_NE(header, std::string::npos);
  const std::string line = md.substr(header + 1, md.find('\n', header + 1) - header - 1);
  EXPECT_LE(std::count(line.begin(), line.end(), '|') - 1, 12) << line;
  EXPECT_NE(line.find("status"), std::string::npos) << line;
}

TEST(ReportGolden, MarkdownWithoutEnvironmentOrRuns) {
  // Only failures and no environment: no empty sections, no table without rows.
  auto results = testing::sample_results();
  std::erase_if(results, [](const results::CaseResult& r) {
    return r.status != results::Status::failed && r.status != results::Status::skipped;
  });
  std::ostringstream out;
  write_markdown(out, results, nlohmann::json::object());
  testing::expect_matches_golden("report_nothing_ran.md", out.str());
}

// The cells of one case's row in the per-case "Results" table of report.md.
std::vector<std::string> case_row(const std::string& markdown, const std::string& case_name) {
  const auto table = markdown.find("| case ", markdown.find("## Results"));
  const auto at = markdown.find("| " + case_name + " ", table);
  if (table == std::string::npos || at == std::string::npos) return {};
  std::vector<std::string> cells;
  std::istringstream line(markdown.substr(at + 1, markdown.find('\n', at) - at - 1));
  for (std::string cell; std::getline(line, cell, '|');)
    cells.push_back(cell.substr(cell.find_first_not_of(' '),
                                cell.find_last_not_of(' ') - cell.find_first_not_of(' ') + 1));
  return cells;
}

TEST(CaseTable, PercentOfCeilingWhereTheBackendHasOneElseADash) {
  std::ostringstream out;
  write_markdown(out, testing::sample_results(), testing::sample_environment());
  const std::string md = out.str();
  const auto header = case_row(md, "case");
  const auto column = std::find(header.begin(), header.end(), "% of ceiling") - header.begin();
  ASSERT_LT(static_cast<std::size_t>(column), header.size()) << md;
  // oneDNN: 512 steps of 191,692,800 GEMM FLOP in a mean epoch of 20,096.4375 ms is
  // 4.884 GFLOP/s, 3.26 % of its 150 GFLOP/s ceiling. cuDNN's sample has no ceiling.
  const auto onednn = case_row(md, "onednn/fp32/eager/b32/lr0.001");
  const auto cudnn = case_row(md, "cudnn/fp32/eager/b32/lr0.001");
  ASSERT_EQ(onednn.size(), header.size()) << md;
  ASSERT_EQ(cudnn.size(), header.size()) << md;
  EXPECT_EQ(onednn[static_cast<std::size_t>(column)], "3.26 %");
  EXPECT_EQ(cudnn[static_cast<std::size_t>(column)], "—");
}

TEST(SeedTable, ShowsOnlyCasesThatRan) {
  std::ostringstream out;
  write_seed_table(out, testing::sample_results());
  const std::string table = out.str();
  // Header, rule, and one row each for ok x2, diverged, unverified.
  EXPECT_EQ(std::count(table.begin(), table.end(), '\n'), 2 + 4);
  EXPECT_EQ(table.find("skipped"), std::string::npos);
  EXPECT_EQ(table.find("crashed"), std::string::npos);
  EXPECT_NE(table.find("diverged (epoch 3)"), std::string::npos);
  EXPECT_NE(table.find("NO (3.1e-2 > 1.0e-4)"), std::string::npos);
}

TEST(SeedTable, ExtraColumnForASettingThatVaries) {
  auto results = testing::sample_results();
  results.resize(2);
  results[0].spec.varying.emplace_back("hidden_size", "64");
  results[1].spec.varying.emplace_back("hidden_size", "128");
  std::ostringstream out;
  write_seed_table(out, results);
  const std::string header = out.str().substr(0, out.str().find('\n'));
  EXPECT_NE(header.find("hidden_size"), std::string::npos);
  EXPECT_NE(out.str().find("128"), std::string::npos);
}

TEST(Markdown, BackendSettingsRecordedAsNoneSayNone) {
  nlohmann::json environment = testing::sample_environment();
  environment["backend_settings"] = nlohmann::json::object();
  std::ostringstream out;
  write_markdown(out, testing::sample_results(), environment);
  EXPECT_NE(out.str().find("- **backend settings from the environment**: none\n"),
            std::string::npos)
      << out.str();
}

TEST(Markdown, NoBackendPivotForASingleBackend) {
  auto results = testing::sample_results();
  std::erase_if(results, [](const results::CaseResult& r) { return r.spec.backend != "onednn"; });
  std::ostringstream out;
  write_markdown(out, results, nlohmann::json::object());
  EXPECT_EQ(out.str().find("by backend"), std::string::npos);
  EXPECT_EQ(out.str().find("## Environment"), std::string::npos);  // nothing to show
  EXPECT_NE(out.str().find("## Results"), std::string::npos);
}

}  // namespace
}  // namespace lstmbench::report
