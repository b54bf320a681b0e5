// `lstmbench compare` and `lstmbench merge` end to end: real runs of a tiny suite, then result
// files edited with nlohmann so that the expected verdict does not depend on timing noise.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "cli_test_support.hpp"
#include "results/result_json.hpp"
#include "results/run_folder.hpp"
#include "suite/suite.hpp"

namespace fs = std::filesystem;

namespace {

const std::string kTwoCaseSuite =
    std::string(lstmbench::testing::kTinySuite) + "[axes]\nbatch_size = [4, 8]\n";

using lstmbench::testing::Outcome;
using lstmbench::testing::read_file;

class CompareCli : public lstmbench::testing::CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    suite_ = write_file("tiny.toml", kTwoCaseSuite);
  }

  // Runs the tiny suite into dir_/name and returns that folder.
  fs::path run(const std::string& name, const std::string& extra = "") {
    const fs::path out = dir_ / name;
    // Six timed epochs per case in six rounds: enough round means for an interval.
    const Outcome o = lstmbench("run " + suite_.string() + " --set epochs=7 --set rounds=6 --out " +
                                out.string() + extra);
    EXPECT_EQ(o.exit_code, 0) << o.err;
    return out;
  }

  // A copy of a results file whose epoch times are factor x (10 ms + a fixed 0-2 % ripple):
  // the verdicts then follow from the factor, not from this machine's noise. With only_case,
  // the factor applies to that case (by its index) and the others get 1.
  fs::path scaled_copy(const fs::path& results, double factor, const std::string& name,
                       int only_case = -1) {
    const fs::path path = dir_ / name;
    std::ifstream in(results);
    std::ofstream out(path);
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      nlohmann::json j = nlohmann::json::parse(line);
      const bool scaled = only_case < 0 || j.at("spec").at("index").get<int>() == only_case;
      const double f = scaled ? factor : 1.0;
      int k = 0;
      for (auto& ms : j.at("epoch_ms")) ms = f * (10.0 + 0.1 * (k++ % 3));
      out << j.dump() << '\n';
    }
    return path;
  }

  fs::path suite_;
};

std::size_t count(const std::string& text, const std::string& word) {
  std::size_t n = 0;
  for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) ++n;
  return n;
}

TEST_F(CompareCli, OneCaseTwiceAsSlowIsARegression) {
  const fs::path measured = run("base") / "results.jsonl";
  // The suite's two cases are indexes 0 and 1; only case 1 gets slower.
  ASSERT_EQ(lstmbench::results::read_results(measured.string()).size(), 2u);
  const fs::path base = scaled_copy(measured, 1.0, "base.jsonl");
  const fs::path slow = scaled_copy(measured, 2.0, "slow.jsonl", 1);
  const fs::path markdown = dir_ / "comparison.md";
  const Outcome o =
      lstmbench("compare " + base.string() + " " + slow.string() + " --out " + markdown.string());
  EXPECT_EQ(o.exit_code, 1) << o.err << o.out;
  EXPECT_EQ(count(o.out, "| **slower** |"), 1u) << o.out;
  EXPECT_NE(o.out.find("0 faster, 1 slower, 1 same, 0 inconclusive"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("+100.0%"), std::string::npos) << o.out;
  EXPECT_EQ(read_file(markdown), o.out);
}

TEST_F(CompareCli, EveryCaseTwiceAsSlowIsInconclusiveUnlessTheMachineIsAssumedStable) {
  const fs::path measured = run("base") / "results.jsonl";
  const fs::path base = scaled_copy(measured, 1.0, "base.jsonl");
  const fs::path slow = scaled_copy(measured, 2.0, "slow.jsonl");
  const std::string files = base.string() + " " + slow.string();
  const Outcome shift = lstmbench("compare " + files);
  EXPECT_EQ(shift.exit_code, 0) << shift.err << shift.out;
  EXPECT_EQ(count(shift.out, "inconclusive (moved with the run"), 2u) << shift.out;
  EXPECT_NE(shift.out.find("2 inconclusive only because they moved with the whole run"),
            std::string::npos)
      << shift.out;

  const Outcome stable = lstmbench("compare " + files + " --assume-stable-machine");
  EXPECT_EQ(stable.exit_code, 1) << stable.err << stable.out;
  EXPECT_EQ(count(stable.out, "| **slower** |"), 2u) << stable.out;
  EXPECT_NE(stable.out.find("0 faster, 2 slower, 0 same, 0 inconclusive"), std::string::npos)
      << stable.out;
}

TEST_F(CompareCli, AssumeStableMachineIsRefusedWithin) {
  const Outcome o = lstmbench("compare " + (run("base") / "results.jsonl").string() +
                              " --within batch_size=4 --assume-stable-machine");
  EXPECT_EQ(o.exit_code, 2) << o.out;
  EXPECT_NE(o.err.find("--assume-stable-machine"), std::string::npos) << o.err;
}

TEST_F(CompareCli, AFileAgainstItselfIsAllTheSame) {
  const fs::path base = scaled_copy(run("base") / "results.jsonl", 1.0, "base.jsonl");
  const Outcome o = lstmbench("compare " + base.string() + " " + base.string());
  EXPECT_EQ(o.exit_code, 0) << o.err << o.out;
  EXPECT_NE(o.out.find("0 faster, 0 slower, 2 same"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("geometric mean speed-up 1.000x"), std::string::npos) << o.out;
}

TEST_F(CompareCli, AMissingResultsFileIsAnInputError) {
  const Outcome o = lstmbench("compare " + (dir_ / "nope").string() + " " + suite_.string());
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("nope"), std::string::npos) << o.err;
}

TEST_F(CompareCli, MergeOfTwoShardsHoldsEveryCaseOnce) {
  const fs::path first = run("shard1", " --shard 1/2");
  const fs::path second = run("shard2", " --shard 2/2");
  const fs::path merged = dir_ / "merged";
  // Shard 2 first: the merged file is still in suite order.
  const Outcome o = lstmbench("merge " + merged.string() + " " + second.string() + " " +
                              (first / "results.jsonl").string());
  ASSERT_EQ(o.exit_code, 0) << o.err << o.out;

  const auto suite =
      lstmbench::suite::load_suite(suite_.string(), {{"epochs", "7"}, {"rounds", "6"}});
  const auto results = lstmbench::results::read_results((merged / "results.jsonl").string());
  ASSERT_EQ(results.size(), suite.cases.size());
  std::set<std::string> ids;
  for (std::size_t i = 0; i < results.size(); ++i) {
    EXPECT_EQ(results[i].spec.id, suite.cases[i].id);
    EXPECT_EQ(results[i].status, lstmbench::results::Status::ok) << results[i].reason;
    ids.insert(results[i].spec.id);
  }
  EXPECT_EQ(ids.size(), suite.cases.size());
  for (const char* file : {"report.md", "results.csv", "results.json", "environment.json"})
    EXPECT_TRUE(fs::exists(merged / file)) << file;
}

TEST_F(CompareCli, MergeKeepsTheLaterFilesResultForARerunCase) {
  const fs::path base = run("base") / "results.jsonl";
  const fs::path rerun = scaled_copy(base, 3.0, "rerun.jsonl");
  const fs::path merged = dir_ / "merged";
  ASSERT_EQ(
      lstmbench("merge " + merged.string() + " " + base.string() + " " + rerun.string()).exit_code,
      0);
  const auto expected = lstmbench::results::read_results(rerun.string());
  const auto results = lstmbench::results::read_results((merged / "results.jsonl").string());
  ASSERT_EQ(results.size(), expected.size());
  for (std::size_t i = 0; i < results.size(); ++i)
    EXPECT_EQ(results[i].epoch_ms, expected[i].epoch_ms) << results[i].spec.id;
}

}  // namespace
