// The install tree as a plugin author and a user meet it: nothing here reads the source or build
// tree's runner; every command runs the installed (or unpacked) bin/lstmbench from a folder
// outside both trees.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "support/scratch.hpp"

namespace {

namespace fs = std::filesystem;

const fs::path kWork = WORK_DIR;
const fs::path kPrefix = kWork / "prefix";
const fs::path kExample = kWork / "example";
const fs::path kWrongExample = kWork / "example-loss-1.5x";

using lstmbench::testing::read_file;
using Outcome = lstmbench::testing::CommandOutcome;

// Runs a shell command from the work folder (outside the source tree).
Outcome sh(const std::string& command) { return lstmbench::testing::run_shell(kWork, command); }

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

// The example backend in a suite small enough to run in a second.
const char* const kTinySuite = R"(
[suite]
name = "tiny-example"
epochs = 2
warmup_epochs = 1
timeout_s = 60
[model]
hidden_size = 4
[data]
seq_len = 5
train_windows = 32
val_windows = 8
[run]
backend = "tiny"
batch_size = 8
)";

class InstallTree : public ::testing::Test {
 protected:
  // Once per process: the install, and the example built twice against it (correct, and with
  // its reported losses scaled by 1.5 for the conformance kit to catch), in parallel.
  static void SetUpTestSuite() {
    fs::remove_all(kWork);
    fs::create_directories(kWork);
    setup_ = sh(std::string(LSTMBENCH_CMAKE) + " --install " + quoted(LSTMBENCH_BUILD_DIR) +
                " --prefix " + quoted(kPrefix));
    if (setup_.exit_code != 0) return;
    const std::string configure =
        std::string(LSTMBENCH_CMAKE) + " -S " +
        quoted(fs::path(LSTMBENCH_SOURCE_DIR) / "examples" / "out-of-tree-plugin") +
        " -DCMAKE_PREFIX_PATH=" + quoted(kPrefix) +
        " -DCMAKE_CXX_COMPILER=" + LSTMBENCH_CXX_COMPILER + " -DCMAKE_BUILD_TYPE=Release";
    auto build = [&](const fs::path& dir, const std::string& extra) {
      return "(" + configure + extra + " -B " + quoted(dir) + " && " + LSTMBENCH_CMAKE +
             " --build " + quoted(dir) + ")";
    };
    setup_ = sh(build(kExample, "") + " & a=$!; " + build(kWrongExample, " -DTINY_LOSS_SCALE=1.5") +
                " & b=$!; wait $a && wait $b");
  }

  void SetUp() override {
    ASSERT_EQ(setup_.exit_code, 0) << "installing or building the example failed:\n"
                                   << setup_.output();
  }

  static Outcome lstmbench(const std::string& args) {
    return sh(quoted(kPrefix / "bin" / "lstmbench") + " " + args);
  }

  static Outcome setup_;
};

Outcome InstallTree::setup_;

TEST_F(InstallTree, HasTheDocumentedLayout) {
  for (const fs::path& file :
       {fs::path("bin/lstmbench"), fs::path(PLUGIN_INSTALL_DIR) / "lstmbench_reference.so",
        fs::path("include/lstmbench/plugin.hpp"), fs::path("include/lstmbench/keras_adam.hpp"),
        fs::path(LIB_INSTALL_DIR) / "cmake/lstmbench/lstmbenchConfig.cmake",
        fs::path(LIB_INSTALL_DIR) / "cmake/lstmbench/lstmbenchConfigVersion.cmake",
        fs::path(DATA_INSTALL_DIR) / "suites/seed.toml",
        fs::path(DATA_INSTALL_DIR) / "suites/ci.toml",
        fs::path(DATA_INSTALL_DIR) / "peers/torch_peer.py"})
    EXPECT_TRUE(fs::exists(kPrefix / file)) << file;
  EXPECT_TRUE(fs::exists(kExample / "lstmbench_tiny.so"));
}

TEST_F(InstallTree, RunsTheExamplePluginVerified) {
  std::ofstream(kWork / "tiny.toml") << kTinySuite;
  Outcome o = lstmbench("run tiny.toml --out run-tiny --plugin-dir " + quoted(kExample));
  ASSERT_EQ(o.exit_code, 0) << o.output();
  EXPECT_NE(o.output().find("tiny"), std::string::npos) << o.output();
  EXPECT_NE(o.output().find(": ok"), std::string::npos) << o.output();
  EXPECT_NE(o.output().find("  verified"), std::string::npos) << o.output();
  const std::string results = read_file(kWork / "run-tiny" / "results.jsonl");
  EXPECT_NE(results.find("\"status\":\"ok\""), std::string::npos) << results;
}

TEST_F(InstallTree, PluginDirTakesTheSoFileItself) {
  std::ofstream(kWork / "tiny.toml") << kTinySuite;
  Outcome o = lstmbench("run tiny.toml --out run-tiny-file --plugin-dir " +
                        quoted(kExample / "lstmbench_tiny.so"));
  ASSERT_EQ(o.exit_code, 0) << o.output();
  EXPECT_NE(o.output().find("  verified"), std::string::npos) << o.output();
}

TEST_F(InstallTree, RunsABundledSuiteByNameFromAnyFolder) {
  Outcome o = lstmbench("run ci --out run-ci");
  ASSERT_EQ(o.exit_code, 0) << o.output();
  // The suite came from the install, not from the source tree the runner was built in.
  const std::string environment = read_file(kWork / "run-ci" / "environment.json");
  EXPECT_NE(environment.find((kPrefix / DATA_INSTALL_DIR / "suites" / "ci.toml").string()),
            std::string::npos)
      << environment;
}

TEST_F(InstallTree, AnUnknownSuiteNameListsTheBundledOnes) {
  Outcome o = lstmbench("run no-such-suite");
  EXPECT_EQ(o.exit_code, 2) << o.output();
  EXPECT_NE(o.output().find("no-such-suite"), std::string::npos) << o.output();
  EXPECT_NE(o.output().find("seed"), std::string::npos) << o.output();
  EXPECT_NE(o.output().find("quick"), std::string::npos) << o.output();
}

TEST_F(InstallTree, ConformanceKitPassesTheExample) {
  Outcome o = lstmbench("check-plugin " + quoted(kExample / "lstmbench_tiny.so"));
  EXPECT_EQ(o.exit_code, 0) << o.output();
  EXPECT_NE(o.output().find("all checks passed"), std::string::npos) << o.output();
  // The example refuses two layers and other activations, each with its reason.
  EXPECT_NE(o.output().find("refused: tiny trains one LSTM layer"), std::string::npos)
      << o.output();
}

TEST_F(InstallTree, ConformanceKitCatchesALossOffBy1_5x) {
  Outcome o = lstmbench("check-plugin " + quoted(kWrongExample / "lstmbench_tiny.so"));
  EXPECT_EQ(o.exit_code, 1) << o.output();
  EXPECT_NE(o.output().find("FAILED loss agrees with reference"), std::string::npos) << o.output();
}

TEST_F(InstallTree, DebPackageUnpacksAndRuns) {
  if (sh("command -v dpkg-deb").exit_code != 0) GTEST_SKIP() << "dpkg-deb is not installed";
  const fs::path packages = kWork / "packages";
  Outcome pack =
      sh(std::string(LSTMBENCH_CPACK) + " -G DEB --config " +
         quoted(fs::path(LSTMBENCH_BUILD_DIR) / "CPackConfig.cmake") + " -B " + quoted(packages));
  ASSERT_EQ(pack.exit_code, 0) << pack.output();
  fs::path deb;
  for (const auto& entry : fs::directory_iterator(packages))
    if (entry.path().extension() == ".deb") deb = entry.path();
  ASSERT_FALSE(deb.empty()) << pack.output();
  const fs::path root = kWork / "deb-root";
  ASSERT_EQ(sh("dpkg-deb -x " + quoted(deb) + " " + quoted(root)).exit_code, 0);

  const std::string exe = quoted(root / "usr" / "bin" / "lstmbench");
  Outcome list = sh(exe + " list");
  EXPECT_EQ(list.exit_code, 0) << list.output();
  EXPECT_NE(list.output().find("backend reference"), std::string::npos) << list.output();
  EXPECT_NE(list.output().find((root / "usr").string()), std::string::npos) << list.output();

  std::ofstream(kWork / "tiny.toml") << kTinySuite;
  Outcome run = sh(exe + " run tiny.toml --out run-deb --plugin-dir " + quoted(kExample));
  EXPECT_EQ(run.exit_code, 0) << run.output();
  EXPECT_NE(run.output().find("  verified"), std::string::npos) << run.output();
}

}  // namespace
