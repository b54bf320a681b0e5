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

// A fresh folder per test, removed with the object.
struct ReportFolder {
  explicit ReportFolder(const std::string& name)
      : path(std::filesystem::temp_directory_path() /
             (name + std::to_string(::testing::UnitTest::GetInstance()->random_seed()))) {
    std::filesystem::remove_all(path);
  }
  ~ReportFolder() { std::filesystem::remove_all(path); }
  std::filesystem::path path;
};

TEST(WriteReports, ATargetLossAddsTheTimeToTargetChartAndListsWhoNeverGotThere) {
  const ReportFolder folder("lstmbench_target_test_");
  auto results = testing::sample_results();
  for (auto& r : results) r.spec.target_loss = 0.2;
  write_reports(folder.path.string(), results, testing::sample_environment());

  const std::string report = read(folder.path / "report.md");
  EXPECT_NE(report.find("](chart-time-to-target.svg)"), std::string::npos);
  // Both ok cases reached 0.2 in epoch 4; the diverged and the unverified case never did.
  const auto note = report.find("Not reached (training loss never ≤ 0.2): ");
  ASSERT_NE(note, std::string::npos) << report;
  const std::string listed = report.substr(note, report.find('\n', note) - note);
  EXPECT_NE(listed.find("onednn (cpu) · batch 512 · lr 0.002"), std::string::npos) << listed;
  EXPECT_NE(listed.find("cudnn (gpu) · batch 256 · lr 0.002"), std::string::npos) << listed;
  EXPECT_EQ(listed.find("batch 32"), std::string::npos) << listed;

  const std::string svg = read(folder.path / "chart-time-to-target.svg");
  EXPECT_NE(svg.find("Time to training loss ≤ 0.2"), std::string::npos);
  // Epochs 2-4 of the oneDNN case: 20100.5 + 19875.25 + 20420 ms = 60.4 s, drawn as a bar.
  EXPECT_NE(svg.find("<title>onednn (cpu) · batch 32 · lr 0.001: 60.4"), std::string::npos) << svg;
  EXPECT_EQ(svg.find("<title>onednn (cpu) · batch 512 · lr 0.002:"), std::string::npos)
      << "a case that never reached the target has no bar";
  EXPECT_NE(svg.find("not reached"), std::string::npos);
}

TEST(WriteReports, NoTargetNoTimeToTargetChart) {
  const ReportFolder folder("lstmbench_no_target_test_");
  write_reports(folder.path.string(), testing::sample_results(), testing::sample_environment());
  EXPECT_TRUE(std::filesystem::exists(folder.path / "chart-loss.svg"));
  EXPECT_FALSE(std::filesystem::exists(folder.path / "chart-time-to-target.svg"));
  EXPECT_EQ(read(folder.path / "report.md").find("Not reached"), std::string::npos);
}

TEST(WriteReports, TheLossChartKeepsACaseThatStoppedEarly) {
  const ReportFolder folder("lstmbench_loss_chart_test_");
  write_reports(folder.path.string(), testing::sample_results(), testing::sample_environment());
  const std::string svg = read(folder.path / "chart-loss.svg");
  // The diverged case finished two timed epochs before its loss became infinite.
  EXPECT_NE(svg.find("onednn (cpu) · batch 512 · lr 0.002 (training)"), std::string::npos);
  EXPECT_NE(svg.find("onednn (cpu) · batch 32 · lr 0.001 (validation)"), std::string::npos);
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
