// --plugin-dir as a user types it: a folder or one .so file, anything else refused with exit 2;
// a case whose plugin failed to load names the file and the load error, and fails the run.
#include "cli_test_support.hpp"

namespace lstmbench::testing {
namespace {

class PluginDirCli : public CliTest {
 protected:
  // The tiny suite with `backend` set: the reference plus `backend`.
  fs::path suite_with(const std::string& backend) {
    std::string text = kTinySuite;
    text += "[axes]\nbackend = [\"reference\", \"" + backend + "\"]\n";
    return write_file("suite.toml", text);
  }
  std::string broken() { return std::string(FIXTURE_DIR) + "/broken"; }
};

TEST_F(PluginDirCli, AFileThatIsNotAPluginIsAUsageError) {
  fs::path not_a_plugin = write_file("notes.txt", "hello");
  Outcome o = lstmbench("list --plugin-dir " + not_a_plugin.string());
  EXPECT_EQ(o.exit_code, 2) << o.err;
  EXPECT_NE(o.err.find("--plugin-dir " + not_a_plugin.string()), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("wants a folder of plugins or a .so file"), std::string::npos) << o.err;
}

TEST_F(PluginDirCli, AMissingSoFileIsAUsageError) {
  Outcome o = lstmbench("list --plugin-dir " + (dir_ / "absent.so").string());
  EXPECT_EQ(o.exit_code, 2) << o.err;
  EXPECT_NE(o.err.find("no such plugin file"), std::string::npos) << o.err;
}

TEST_F(PluginDirCli, ASoFileLoadsOnItsOwn) {
  Outcome o = lstmbench("list --plugin-dir " + std::string(FIXTURE_DIR) + "/good/good_plugin.so");
  EXPECT_NE(o.out.find("good_plugin.so"), std::string::npos) << o.out;
  EXPECT_EQ(o.out.find("NOT LOADED"), std::string::npos) << o.out;
}

TEST_F(PluginDirCli, ACaseWhosePluginFailedToLoadNamesTheFileAndFailsTheRun) {
  Outcome o = lstmbench("run " + suite_with("no_entry").string() + " --out " +
                        (dir_ / "out").string() + " --plugin-dir " + broken());
  EXPECT_EQ(o.exit_code, 1) << o.err;
  EXPECT_NE(o.err.find("backend 'no_entry' is not available: its plugin failed to load: " +
                       broken() + "/no_entry_plugin.so: no entry symbol"),
            std::string::npos)
      << o.err;
}

TEST_F(PluginDirCli, ABackendNoPluginClaimsIsSkippedListingTheLoadFailures) {
  Outcome o = lstmbench("run " + suite_with("naive").string() + " --out " +
                        (dir_ / "out").string() + " --plugin-dir " + broken());
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.err.find("backend 'naive' is not available: no loaded plugin provides it"),
            std::string::npos)
      << o.err;
  // The progress line is capped; the whole list is in the result.
  const std::string reason = read_file(dir_ / "out" / "results.jsonl");
  EXPECT_NE(reason.find("plugins that failed to load: "), std::string::npos) << reason;
  EXPECT_NE(reason.find("wrong_abi_plugin.so"), std::string::npos) << reason;
}

TEST_F(PluginDirCli, CheckPluginPassesTheReferenceByName) {
  Outcome o = lstmbench("check-plugin reference");
  EXPECT_EQ(o.exit_code, 0) << o.out << o.err;
  EXPECT_NE(o.out.find("| loss agrees with reference"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("all checks passed"), std::string::npos) << o.out;
}

TEST_F(PluginDirCli, CheckPluginOfAnUnknownNameIsAUsageError) {
  Outcome o = lstmbench("check-plugin naive");
  EXPECT_EQ(o.exit_code, 2) << o.err;
  EXPECT_NE(o.err.find("backend 'naive' is not available"), std::string::npos) << o.err;
}

}  // namespace
}  // namespace lstmbench::testing
