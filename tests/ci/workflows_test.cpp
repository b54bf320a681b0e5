// The GitHub workflows in .github/workflows: actionlint finds no problem in them, and they keep
// running what docs/running-in-ci.md says they run.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "shell_run.hpp"

namespace lstmbench::testing {
namespace {

const fs::path kWorkflows = kSourceDir / ".github" / "workflows";
// Where scripts/install-deps.sh installs actionlint.
const fs::path kActionlintDir = kSourceDir / "build" / "actionlint";

TEST(Workflows, PassActionlint) {
  fs::path actionlint = kActionlintDir / "bin" / "actionlint";
  if (!fs::exists(actionlint)) {
    const CommandOutcome found = run_shell(fs::temp_directory_path(), "command -v actionlint");
    if (found.exit_code != 0) {
      const std::string log = read_file(kActionlintDir / "install.log");
      GTEST_SKIP() << "actionlint is not installed (scripts/install-deps.sh puts it into "
                   << "build/actionlint); "
                   << (log.empty() ? "run scripts/install-deps.sh"
                                   : "its install failed: " +
                                         log.substr(log.size() > 600 ? log.size() - 600 : 0));
    }
    actionlint = found.output().substr(0, found.output().find('\n'));
  }
  // Which actionlint ran (upstream, or the fork install-deps.sh falls back to) goes into the
  // test's XML output and into any failure message.
  const CommandOutcome version =
      run_shell(kSourceDir, fmt::format("'{}' -version", actionlint.string()));
  const std::string linter = version.output().substr(0, version.output().find('\n'));
  ::testing::Test::RecordProperty("actionlint", linter);
  // Run from the source tree so that actionlint reads .github/actionlint.yaml (the runner
  // labels of the self-hosted GPU machines).
  // Built with fmt, not operator+ on literals (GCC 12 warns falsely on those under -Werror).
  const CommandOutcome lint =
      run_shell(kSourceDir, fmt::format("'{}' -no-color '{}' '{}'", actionlint.string(),
                                        (kWorkflows / "ci.yml").string(),
                                        (kWorkflows / "gpu-bench.yml").string()));
  EXPECT_EQ(lint.exit_code, 0) << linter << ":\n" << lint.output();
}

TEST(Workflows, CiRunsTheReadmeTestCommandOnDebian12) {
  const std::string ci = read_file(kWorkflows / "ci.yml");
  ASSERT_FALSE(ci.empty()) << "no " << (kWorkflows / "ci.yml");
  EXPECT_NE(ci.find("container: debian:12"), std::string::npos);
  EXPECT_NE(ci.find("run: ./dev test"), std::string::npos);
  EXPECT_NE(ci.find("pull_request"), std::string::npos);
}

TEST(Workflows, GpuBenchIsAnAbRunOverShardsThenAMerge) {
  const std::string gpu = read_file(kWorkflows / "gpu-bench.yml");
  ASSERT_FALSE(gpu.empty()) << "no " << (kWorkflows / "gpu-bench.yml");
  for (const char* needle :
       {"runs-on: [self-hosted, gpu]", "SUITE: suites/gpu-variants.toml", "--baseline-plugin-dir",
        "--fail-on-skip", "--shard \"${{ matrix.shard }}/$SHARDS\"", "lstmbench merge merged",
        "GITHUB_STEP_SUMMARY", "actions/upload-artifact", "actions/download-artifact"})
    EXPECT_NE(gpu.find(needle), std::string::npos) << "gpu-bench.yml lacks " << needle;
}

}  // namespace
}  // namespace lstmbench::testing
