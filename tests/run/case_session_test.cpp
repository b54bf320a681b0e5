#include "run/case_session.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "plugin/plugin_registry.hpp"

namespace lstmbench::run {
namespace {

struct CaseSessionTest : ::testing::Test {
  void SetUp() override {
    ASSERT_TRUE(registry.load(std::string(LSTMBENCH_PLUGIN_DIR) + "/lstmbench_reference.so"));
    ASSERT_TRUE(registry.load(std::string(FIXTURE_DIR) + "/edge/edge_plugin.so"));
    spec.hidden_size = 4;
    spec.seq_len = 5;
    spec.train_windows = 32;
    spec.val_windows = 8;
    spec.batch_size = 8;
    spec.epochs = 7;
    spec.warmup_epochs = 1;
  }
  plugin::PluginRegistry registry;
  suite::CaseSpec spec;
};

TEST(EpochsInRound, SplitTheTimedEpochsEvenlyEarlierRoundsTakingTheRest) {
  EXPECT_EQ(epochs_in_round(49, 10, 1), 5);
  EXPECT_EQ(epochs_in_round(49, 10, 9), 5);
  EXPECT_EQ(epochs_in_round(49, 10, 10), 4);
  int total = 0;
  for (int r = 1; r <= 7; ++r) total += epochs_in_round(23, 7, r);
  EXPECT_EQ(total, 23);
  EXPECT_EQ(epochs_in_round(5, 10, 6), 0);
}

TEST_F(CaseSessionTest, RoundsChangeWhenEpochsRunNotWhatTheyCompute) {
  // Interleaving must be invisible to the training: the epoch after a pause draws the same
  // window order and continues from the same weights, so losses agree exactly.
  spec.rounds = 1;
  CaseResult straight = run_case(spec, registry);
  spec.rounds = 3;
  CaseResult in_rounds = run_case(spec, registry);
  ASSERT_EQ(straight.status, Status::ok) << straight.reason;
  ASSERT_EQ(in_rounds.status, Status::ok) << in_rounds.reason;
  EXPECT_EQ(straight.train_loss, in_rounds.train_loss);
  EXPECT_EQ(straight.val_loss, in_rounds.val_loss);
  EXPECT_EQ(in_rounds.epoch_round, (std::vector<int>{0, 1, 1, 2, 2, 3, 3}));
  EXPECT_EQ(in_rounds.rounds_run, 3);
  EXPECT_EQ(in_rounds.epoch_steal.size(), in_rounds.epoch_ms.size());
}

TEST_F(CaseSessionTest, EachPhaseOfTheCaseIsTimed) {
  CaseSession session(spec, registry);
  ASSERT_TRUE(session.set_up());
  ASSERT_TRUE(session.run_round(1, 6));
  const CaseResult& r = session.finish();
  EXPECT_GE(r.phases.workload_ms, 0.0);
  EXPECT_GE(r.phases.verification_ms, 0.0);
  EXPECT_GE(r.phases.create_ms, 0.0);
  EXPECT_GE(r.phases.warmup_ms, 0.0);
  // The timed phase holds the timed epochs and little else.
  const double epochs = std::accumulate(r.epoch_ms.begin() + 1, r.epoch_ms.end(), 0.0);
  EXPECT_GE(r.phases.timed_ms, epochs);
}

TEST_F(CaseSessionTest, ABackendThatRunsTheWrongNumberOfStepsFails) {
  spec.backend = "fixture_wrong_steps";
  CaseResult r = run_case(spec, registry);
  EXPECT_EQ(r.status, Status::failed);
  EXPECT_NE(r.reason.find("reported 5 steps"), std::string::npos) << r.reason;
  EXPECT_NE(r.reason.find("floor(32/8) = 4"), std::string::npos) << r.reason;
}

TEST_F(CaseSessionTest, ABackendWithAGemmCeilingHasItRecordedOnce) {
  spec.backend = "fixture_ceiling";
  spec.verify = false;  // the fixture trains a stand-in, not the reference's LSTM
  CaseResult r = run_case(spec, registry);
  ASSERT_EQ(r.status, Status::ok) << r.reason;
  EXPECT_EQ(r.gemm_ceiling_gflops, 250.0);
}

TEST_F(CaseSessionTest, NoCeilingOrAFailedOneLeavesItAbsentAndTheCaseOk) {
  CaseResult without = run_case(spec, registry);  // the reference backend has none
  ASSERT_EQ(without.status, Status::ok) << without.reason;
  EXPECT_TRUE(std::isnan(without.gemm_ceiling_gflops));
  spec.backend = "fixture_ceiling";
  spec.verify = false;
  spec.options["ceiling"] = "fail";
  CaseResult failed = run_case(spec, registry);
  ASSERT_EQ(failed.status, Status::ok) << failed.reason;
  EXPECT_TRUE(std::isnan(failed.gemm_ceiling_gflops));
}

}  // namespace
}  // namespace lstmbench::run
