// An A/B of two plugin builds in one run (run --baseline-plugin-dir), end to end: identical
// builds pass, a build that busy-waits 25 % of each step fails. Timing-sensitive, so CTest runs
// these alone.
#include "app/cli_test_support.hpp"
#include "results/run_folder.hpp"

namespace lstmbench::testing {
namespace {

class AbBuilds : public CliTest {
 protected:
  fs::path suite() { return write_file("suite.toml", kTinySuite); }
  std::vector<results::CaseResult> results_in(const fs::path& out) {
    return results::read_results((out / "results.jsonl").string());
  }
};

// Epochs of tens of milliseconds and 60 rounds: a 25 % slowdown per step stands well above the
// noise of a loaded 2-core machine, and two identical builds never look 5 % apart with confidence.
const char* const kAbOptions =
    " --set hidden_size=32 --set seq_len=30 --set train_windows=512 --set batch_size=64"
    " --set epochs=61 --set timeout_s=300";

TEST_F(AbBuilds, AnABOfTwoIdenticalBuildsPasses) {
  fs::path out = dir_ / "out";
  Outcome o = lstmbench("run " + suite().string() + kAbOptions + " --baseline-plugin-dir " +
                        std::string(LSTMBENCH_PLUGIN_DIR) + " --out " + out.string());
  EXPECT_EQ(o.exit_code, 0) << o.err << o.out;
  EXPECT_EQ(o.out.find("**slower**"), std::string::npos) << o.out;
  auto results = results_in(out);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].spec.build, "baseline");
  EXPECT_EQ(results[1].spec.build, "candidate");
  EXPECT_NE(read_file(out / "report.md").find("## A/B"), std::string::npos);
}

TEST_F(AbBuilds, AnABWithASlowerCandidateBuildFails) {
  fs::path out = dir_ / "out";
  Outcome o = lstmbench("run " + suite().string() + kAbOptions + " --plugin-dir " +
                        std::string(FIXTURE_DIR) + "/slow-reference --baseline-plugin-dir " +
                        std::string(LSTMBENCH_PLUGIN_DIR) + " --out " + out.string());
  EXPECT_EQ(o.exit_code, 1) << o.err << o.out;
  EXPECT_NE(o.out.find("| **slower** |"), std::string::npos) << o.out;
}

TEST_F(AbBuilds, ABaselineThatIsNotAFolderIsAUsageError) {
  Outcome o = lstmbench("run " + suite().string() + " --baseline-plugin-dir " +
                        (dir_ / "nope").string() + " --out " + (dir_ / "out").string());
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("nope"), std::string::npos) << o.err;
}

}  // namespace
}  // namespace lstmbench::testing
