#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/error.hpp"
#include "report/report.hpp"
#include "results/result_json.hpp"
#include "sample_results.hpp"
#include "support/scratch.hpp"

namespace lstmbench::report {
namespace {

using lstmbench::testing::read_file;
using lstmbench::testing::ScratchFolder;

TEST(WriteReports, WritesEveryFileIntoANewFolder) {
  const ScratchFolder folder;
  const auto dir = folder.path / "nested";
  const auto results = testing::sample_results();
  const auto environment = testing::sample_environment();
  write_reports(dir.string(), results, environment);

  std::ostringstream markdown, csv;
  // Rendered for the same folder: the file embeds the charts written beside it.
  write_markdown(markdown, results, environment, dir.string());
  write_csv(csv, results);
  EXPECT_EQ(read_file(dir / "report.md"), markdown.str());
  EXPECT_TRUE(std::filesystem::exists(dir / "chart-time.svg"));
  EXPECT_NE(markdown.str().find("](chart-time.svg)"), std::string::npos);
  EXPECT_EQ(read_file(dir / "results.csv"), csv.str());
  EXPECT_FALSE(std::filesystem::exists(dir / "report.md.partial"));

  // The JSON document reads back into the same results, with metrics beside each.
  const nlohmann::json document = nlohmann::json::parse(read_file(dir / "results.json"));
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
}

TEST(WriteReports, ATargetLossAddsTheTimeToTargetChartAndListsWhoNeverGotThere) {
  const ScratchFolder folder;
  auto results = testing::sample_results();
  for (auto& r : results) r.spec.target_loss = 0.2;
  write_reports(folder.path.string(), results, testing::sample_environment());

  const std::string report = read_file(folder.path / "report.md");
  EXPECT_NE(report.find("](chart-time-to-target.svg)"), std::string::npos);
  // Both ok cases reached 0.2 in epoch 4; the diverged and the unverified case never did.
  const auto note = report.find("Not reached (training loss never ≤ 0.2): ");
  ASSERT_NE(note, std::string::npos) << report;
  const std::string listed = report.substr(note, report.find('\n', note) - note);
  EXPECT_NE(listed.find("onednn (cpu) · batch 512 · lr 0.002"), std::string::npos) << listed;
  EXPECT_NE(listed.find("cudnn (gpu) · batch 256 · lr 0.002"), std::string::npos) << listed;
  EXPECT_EQ(listed.find("batch 32"), std::string::npos) << listed;

  const std::string svg = read_file(folder.path / "chart-time-to-target.svg");
  EXPECT_NE(svg.find("Time to training loss ≤ 0.2"), std::string::npos);
  // Epochs 2-4 of the oneDNN case: 20100.5 + 19875.25 + 20420 ms = 60.4 s, drawn as a bar.
  EXPECT_NE(svg.find("<title>onednn (cpu) · batch 32 · lr 0.001: 60.4"), std::string::npos) << svg;
  EXPECT_EQ(svg.find("<title>onednn (cpu) · batch 512 · lr 0.002:"), std::string::npos)
      << "a case that never reached the target has no bar";
  EXPECT_NE(svg.find("not reached"), std::string::npos);
}

TEST(WriteReports, NoTargetNoTimeToTargetChart) {
  const ScratchFolder folder;
  write_reports(folder.path.string(), testing::sample_results(), testing::sample_environment());
  EXPECT_TRUE(std::filesystem::exists(folder.path / "chart-loss.svg"));
  EXPECT_FALSE(std::filesystem::exists(folder.path / "chart-time-to-target.svg"));
  EXPECT_EQ(read_file(folder.path / "report.md").find("Not reached"), std::string::npos);
}

TEST(WriteReports, TheLossChartKeepsACaseThatStoppedEarly) {
  const ScratchFolder folder;
  write_reports(folder.path.string(), testing::sample_results(), testing::sample_environment());
  const std::string svg = read_file(folder.path / "chart-loss.svg");
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
