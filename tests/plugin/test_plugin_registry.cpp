#include <gtest/gtest.h>

#include <cstdlib>
#include <lstmbench/canonical_weights.hpp>
#include <vector>

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

TEST(PluginRegistry, RefusesAWrongMagicNumber) {
  PluginRegistry registry;
  EXPECT_FALSE(registry.load(kFixtures + "/broken/bad_magic_plugin.so"));
  ASSERT_EQ(registry.failures().size(), 1u);
  EXPECT_NE(registry.failures()[0].reason.find("wrong magic number"), std::string::npos)
      << registry.failures()[0].reason;
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
  ASSERT_EQ(registry.failures().size(), 4u);
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

// Runs a tiny case through a backend as the runner would: check_case, create, two steps of
// train_epoch, read_weights, evaluate, query_info, destroy. Both ABI fixtures "train" the last
// weight toward the batch's mean target, shrinking it by 0.9 each step.
void run_mean_case(const lb_backend& backend, const std::string& expected_details) {
  lb_case_config config{};
  config.struct_size = sizeof config;
  config.input_size = 1;
  config.hidden_size = 1;
  config.num_layers = 1;
  config.seq_len = 2;
  config.batch_size = 2;
  config.activation = "tanh";
  config.recurrent_activation = "sigmoid";
  config.optimizer = "adam";
  config.precision = "fp32";
  config.mode = "eager";
  std::vector<float> x(8, 0.0f), y = {0.0f, 1.0f, 2.0f, 3.0f};
  lb_dataset data{x.data(), y.data(), 4, x.data(), y.data(), 4};
  std::vector<float> weights(lstmbench::CanonicalLayout(1, 1, 1).total(), 0.5f);
  weights.back() = 1.0f;
  lb_message message{};
  ASSERT_EQ(backend.check_case(&config, &message), LB_OK) << message.text;
  lb_session* session = nullptr;
  ASSERT_EQ(backend.create(&config, &data, weights.data(), weights.size(), &session, &message),
            LB_OK)
      << message.text;
  std::int32_t order[4] = {0, 1, 2, 3};
  double losses[2] = {-1.0, -1.0};
  lb_epoch_result result{};
  result.step_losses = losses;
  result.step_losses_capacity = 2;
  ASSERT_EQ(backend.train_epoch(session, order, 4, &result, &message), LB_OK) << message.text;
  EXPECT_EQ(result.num_steps, 2u);
  // Step 1: w = 1 against targets 0, 1; step 2: w = 0.9 against 2, 3.
  const double w1 = 1.0, w2 = static_cast<double>(static_cast<float>(0.9 * w1));
  // The fixtures subtract in float: errors of ~3 carry a rounding of ~3 * 6e-8 each.
  EXPECT_NEAR(losses[0], ((w1 - 0) * (w1 - 0) + (w1 - 1) * (w1 - 1)) / 2, 1e-6);
  EXPECT_NEAR(losses[1], ((w2 - 2) * (w2 - 2) + (w2 - 3) * (w2 - 3)) / 2, 1e-6);
  std::vector<float> out(weights.size(), 0.0f);
  ASSERT_EQ(backend.read_weights(session, out.data(), out.size(), &message), LB_OK);
  EXPECT_EQ(out.back(), static_cast<float>(0.9 * w2));
  double val = 0.0;
  EXPECT_EQ(backend.evaluate(session, &val, &message), LB_OK);
  lb_session_info info{};
  EXPECT_EQ(backend.query_info(session, &info, &message), LB_OK);
  EXPECT_EQ(std::string(info.details), expected_details);
  backend.destroy(session);
}

TEST(PluginAbiGrowth, LoadsAndRunsAPluginBuiltAgainstTheFrozen10Header) {
  PluginRegistry registry;
  ASSERT_TRUE(registry.load(kFixtures + "/abi/abi_1_0_plugin.so"))
      << registry.failures().front().reason;
  const LoadedPlugin& plugin = *registry.plugins()[0];
  EXPECT_EQ(plugin.descriptor->abi_minor, 0u);
  EXPECT_EQ(plugin.plugin_struct_size, LB_PLUGIN_SIZE_1_0) << "1.0 lacks backend_struct_size";
  EXPECT_EQ(plugin.plugin_backend_stride, LB_BACKEND_SIZE_1_0) << "absent: 1.0's own size";
  // The second backend is found only if the host steps by 1.0's size, not its own.
  BackendRef second = registry.find_backend("fixture_abi10_b");
  ASSERT_NE(second.backend, nullptr) << registry.backend_names();
  EXPECT_STREQ(second.backend->description, "a second 1.0 backend");
  EXPECT_EQ(second.backend->gemm_ceiling, nullptr) << "a field 1.0 lacks reads as absent";
  lb_case_config config{};
  std::string why;
  EXPECT_FALSE(gemm_ceiling_gflops(*second.backend, config, &why).has_value());
  EXPECT_NE(why.find("does not measure"), std::string::npos) << why;
  run_mean_case(*second.backend, "abi=1.0");
  run_mean_case(*registry.find_backend("fixture_abi10_a").backend, "abi=1.0");
}

TEST(PluginAbiGrowth, LoadsAPluginOfANewerMinorReadingOnlyWhatItKnows) {
  PluginRegistry registry;
  ASSERT_TRUE(registry.load(kFixtures + "/abi/abi_1_99_plugin.so"))
      << registry.failures().front().reason;
  const LoadedPlugin& plugin = *registry.plugins()[0];
  EXPECT_EQ(plugin.descriptor->abi_minor, 99u);
  EXPECT_GT(plugin.plugin_struct_size, sizeof(lb_plugin));
  EXPECT_GT(plugin.plugin_backend_stride, sizeof(lb_backend));
  EXPECT_EQ(plugin.descriptor->backend_struct_size, sizeof(lb_backend)) << "host layout";
  BackendRef second = registry.find_backend("fixture_future_b");
  ASSERT_NE(second.backend, nullptr) << registry.backend_names();
  EXPECT_STREQ(second.backend->device_kind, "gpu");
  lb_case_config config{};
  config.struct_size = sizeof config;
  config.input_size = config.hidden_size = config.num_layers = config.seq_len = 1;
  config.batch_size = 1;
  config.precision = "fp32";
  config.mode = "eager";
  EXPECT_EQ(gemm_ceiling_gflops(*second.backend, config), 42.0);
  run_mean_case(*second.backend, "");
}

TEST(PluginAbiGrowth, ReadSizedLeavesFieldsPastTheWritersSizeAbsent) {
  lb_backend full{};
  full.name = "x";
  full.gemm_ceiling = [](const lb_case_config*, double*, lb_message*) { return LB_OK; };
  lb_backend as_1_0 = read_sized<lb_backend>(&full, LB_BACKEND_SIZE_1_0);
  EXPECT_STREQ(as_1_0.name, "x");
  EXPECT_EQ(as_1_0.gemm_ceiling, nullptr);
  lb_backend as_is = read_sized<lb_backend>(&full, sizeof full);
  EXPECT_NE(as_is.gemm_ceiling, nullptr);
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
