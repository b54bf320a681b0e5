// Output tests: known results rendered by every writer, compared with tests/golden/ (see
// golden.hpp for regenerating them).
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

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
