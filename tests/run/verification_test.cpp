#include "run/verification.hpp"

#include <gtest/gtest.h>

#include "plugin/plugin_registry.hpp"
#include "workload/workload.hpp"

namespace lstmbench::run {
namespace {

struct Fixture : ::testing::Test {
  void SetUp() override {
    ASSERT_TRUE(registry.load(std::string(LSTMBENCH_PLUGIN_DIR) + "/lstmbench_reference.so"));
    ASSERT_TRUE(registry.load(std::string(FIXTURE_DIR) + "/good/good_plugin.so"));
    spec.hidden_size = 6;
    spec.seq_len = 5;
    spec.train_windows = 40;
    spec.val_windows = 8;
    spec.batch_size = 16;
    workload = workload::build_workload(spec);
    weights = workload::initial_weights(spec, workload.input_size);
  }
  plugin::PluginRegistry registry;
  suite::CaseSpec spec;
  workload::Workload workload;
  std::vector<float> weights;
};

TEST_F(Fixture, ReferenceAgainstItselfIsExact) {
  const lb_backend& reference = *registry.find_backend("reference").backend;
  Verification v =
      verify_against_reference(reference, reference, spec, workload::view_of(workload, weights));
  EXPECT_TRUE(v.ran);
  EXPECT_TRUE(v.passed) << v.note;
  EXPECT_EQ(v.steps, kVerifySteps);
  EXPECT_EQ(v.max_rel_error_loss, 0.0);
  EXPECT_EQ(v.weight_update_error, 0.0);
  EXPECT_EQ(v.tolerance, verification_tolerance("fp32"));
}

TEST_F(Fixture, ABackendComputingSomethingElseFailsWithANote) {
  // The fixture "trains" one scalar toward the targets: its losses and update are not an LSTM's.
  Verification v = verify_against_reference(*registry.find_backend("fixture_good").backend,
                                            *registry.find_backend("reference").backend, spec,
                                            workload::view_of(workload, weights));
  EXPECT_TRUE(v.ran);
  EXPECT_FALSE(v.passed);
  EXPECT_GT(v.weight_update_error, v.tolerance);
  EXPECT_NE(v.note.find("disagrees with the reference"), std::string::npos) << v.note;
}

TEST_F(Fixture, TooFewWindowsIsNotRunAndSaysWhy) {
  spec.train_windows = 4;
  spec.batch_size = 8;
  workload = workload::build_workload(spec);
  Verification v = verify_against_reference(*registry.find_backend("reference").backend,
                                            *registry.find_backend("reference").backend, spec,
                                            workload::view_of(workload, weights));
  EXPECT_FALSE(v.ran);
  EXPECT_NE(v.note.find("too few"), std::string::npos);
}

TEST(VerificationTolerance, LoosensWithPrecision) {
  EXPECT_LT(verification_tolerance("fp32"), verification_tolerance("fp16"));
  EXPECT_LT(verification_tolerance("fp16"), verification_tolerance("bf16"));
}

}  // namespace
}  // namespace lstmbench::run
