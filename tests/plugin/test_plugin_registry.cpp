#include <gtest/gtest.h>

#include <cstdlib>

#include "plugin/plugin_registry.hpp"

namespace lstmbench::plugin {
namespace {

const std::string kFixtures = FIXTURE_DIR;

TEST(PluginRegistry, LoadsAGoodPluginAndFindsItsBackend) {
  PluginRegistry registry;
  ASSERT_TRUE(registry.load(kFixtures + "/good/good_plugin.so"));
  ASSERT_EQ(registry.plugins().size(), 1u);
  EXPECT_STREQ(registry.plugins()[0]->descriptor->name, "fixture_good");
  BackendRef ref = registry.find_backend("fixture_good");
  ASSERT_NE(ref.backend, nullptr);
  EXPECT_STREQ(ref.backend->device_kind, "cpu");
  EXPECT_EQ(registry.find_backend("nope").backend, nullptr);
  EXPECT_TRUE(registry.failures().empty());
}

TEST(PluginRegistry, RefusesAnotherAbiVersionWithBothNumbers) {
  PluginRegistry registry;
  EXPECT_FALSE(registry.load(kFixtures + "/broken/wrong_abi_plugin.so"));
  ASSERT_EQ(registry.failures().size(), 1u);
  EXPECT_NE(registry.failures()[0].reason.find("ABI 99.0"), std::string::npos)
      << registry.failures()[0].reason;
  EXPECT_NE(registry.failures()[0].reason.find("ABI 1."), std::string::npos);
}

TEST(PluginRegistry, ReportsAMissingEntrySymbol) {
  PluginRegistry registry;
  EXPECT_FALSE(registry.load(kFixtures + "/broken/no_entry_plugin.so"));
  ASSERT_EQ(registry.failures().size(), 1u);
  EXPECT_NE(registry.failures()[0].reason.find("lstmbench_plugin_v1"), std::string::npos);
}

TEST(PluginRegistry, SurvivesAThrowingEntryPoint) {
  PluginRegistry registry;
  EXPECT_FALSE(registry.load(kFixtures + "/broken/throwing_entry_plugin.so"));
  ASSERT_EQ(registry.failures().size(), 1u);
  EXPECT_NE(registry.failures()[0].reason.find("fixture factory failed on purpose"),
            std::string::npos)
      << registry.failures()[0].reason;
}

TEST(PluginRegistry, ReportsAFileThatIsNotALibrary) {
  PluginRegistry registry;
  EXPECT_FALSE(registry.load(kFixtures + "/does-not-exist.so"));
  ASSERT_EQ(registry.failures().size(), 1u);
  EXPECT_NE(registry.failures()[0].reason.find("cannot load"), std::string::npos);
}

TEST(PluginRegistry, LoadsAFolderRecordingEachFailureByPath) {
  PluginRegistry registry;
  registry.load_folders({kFixtures + "/good", kFixtures + "/broken", kFixtures + "/missing"});
  EXPECT_EQ(registry.plugins().size(), 1u);
  ASSERT_EQ(registry.failures().size(), 3u);
  for (const LoadFailure& f : registry.failures())
    EXPECT_NE(f.path.find("/broken/"), std::string::npos);
}

TEST(PluginRegistry, RefusesASecondPluginWithTheSameBackendName) {
  PluginRegistry registry;
  ASSERT_TRUE(registry.load(kFixtures + "/good/good_plugin.so"));
  EXPECT_FALSE(registry.load(kFixtures + "/good/good_plugin.so"));
  ASSERT_EQ(registry.failures().size(), 1u);
  EXPECT_NE(registry.failures()[0].reason.find("already provided"), std::string::npos);
}

TEST(PluginSearchPath, PutsCommandLineThenEnvironmentThenBuildFolders) {
  setenv("LSTMBENCH_PLUGIN_PATH", "/a:/b", 1);
  std::vector<std::string> path = plugin_search_path({"/cli"});
  unsetenv("LSTMBENCH_PLUGIN_PATH");
  ASSERT_GE(path.size(), 5u);
  EXPECT_EQ(path[0], "/cli");
  EXPECT_EQ(path[1], "/a");
  EXPECT_EQ(path[2], "/b");
  EXPECT_NE(path[3].find("plugins"), std::string::npos);
}

}  // namespace
}  // namespace lstmbench::plugin
