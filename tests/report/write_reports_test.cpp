#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/error.hpp"
#include "report/report.hpp"
#include "results/result_json.hpp"
#include "sample_results.hpp"

namespace lstmbench::report {
namespace {

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(WriteReports, WritesEveryFileIntoANewFolder) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("lstmbench_report_test_" +
                    std::to_string(::testing::UnitTest::GetInstance()->random_seed())) /
                   "nested";
  std::filesystem::remove_all(dir.parent_path());
  const auto results = testing::sample_results();
  const auto environment = testing::sample_environment();
  write_reports(dir.string(), results, environment);

  std::ostringstream markdown, csv;
  // Rendered for the same folder: the file embeds the charts written beside it.
  write_markdown(markdown, results, environment, dir.string());
  write_csv(csv, results);
  EXPECT_EQ(read(dir / "report.md"), markdown.str());
  EXPECT_TRUE(std::filesystem::exists(dir / "chart-time.svg"));
  EXPECT_NE(markdown.str().find("](chart-time.svg)"), std::string::npos);
  EXPECT_EQ(read(dir / "results.csv"), csv.str());
  EXPECT_FALSE(std::filesystem::exists(dir / "report.md.partial"));

  // The JSON document reads back into the same results, with metrics beside each.
  const nlohmann::json document = nlohmann::json::parse(read(dir / "results.json"));
  EXPECT_EQ(document.at("environment"), environment);
  ASSERT_EQ(document.at("results").size(), results.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    const nlohmann::json& entry = document.at("results")[i];
    const results::CaseResult back = results::result_from_json(entry);
    EXPECT_EQ(back.spec.id, results[i].spec.id);
    EXPECT_EQ(back.status, results[i].status);
    EXPECT_EQ(back.epoch_ms, results[i].epoch_ms);
    EXPECT_TRUE(entry.at("metrics").contains("epoch_ms_mean"));
  }
  std::filesystem::remove_all(dir.parent_path());
}

TEST(WriteReports, UnwritableFolderIsAnErrorNamingIt) {
  // A regular file where the folder should be.
  const auto file = std::filesystem::temp_directory_path() / "lstmbench_report_test_file";
  std::ofstream(file) << "x";
  try {
    write_reports((file / "sub").string(), {}, nlohmann::json::object());
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("lstmbench_report_test_file"), std::string::npos);
  }
  std::filesystem::remove(file);
}

}  // namespace
}  // namespace lstmbench::report
