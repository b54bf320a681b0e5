#include "stats/case_metrics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <vector>

#include "stats/flops.hpp"

namespace lstmbench::stats {
namespace {

results::CaseResult seed_like_result() {
  results::CaseResult r;
  r.spec.batch_size = 32;
  r.spec.seq_len = 60;
  r.spec.hidden_size = 64;
  r.spec.num_layers = 1;
  r.spec.epochs = 5;
  r.spec.warmup_epochs = 1;
  r.status = results::Status::ok;
  r.steps_per_epoch = 512;
  r.epoch_ms = {2500.0, 1000.0, 1100.0, 900.0, 1000.0};  // first epoch: compilation/autotuning
  r.train_loss = {0.9, 0.5, 0.3, 0.2, 0.15};
  return r;
}

TEST(CaseMetrics, WarmupEpochsAreExcludedFromTheSummary) {
  const results::CaseResult r = seed_like_result();
  const CaseMetrics m = case_metrics(r);
  const std::vector<double> timed(r.epoch_ms.begin() + 1, r.epoch_ms.end());
  EXPECT_EQ(m.epoch_ms.count, timed.size());
  EXPECT_DOUBLE_EQ(m.epoch_ms.mean,
                   std::accumulate(timed.begin(), timed.end(), 0.0) / timed.size());
  EXPECT_EQ(m.epoch_ms.max, 1100.0);  // 2500 would be the max if the warm-up leaked in
  EXPECT_EQ(m.first_epoch_ms, 2500.0);
  EXPECT_EQ(m.final_train_loss, 0.15);
}

TEST(CaseMetrics, ThroughputFromMeanEpochTime) {
  const results::CaseResult r = seed_like_result();
  const CaseMetrics m = case_metrics(r);
  const double mean_s = m.epoch_ms.mean / 1000.0;
  // Same operations in the same order as the definition: equal up to rounding.
  EXPECT_DOUBLE_EQ(m.samples_per_s, 512.0 * 32.0 / mean_s);
  EXPECT_DOUBLE_EQ(m.gflops, 512.0 * training_step_flops(32, 60, 1, 64, 1) / mean_s / 1e9);
}

TEST(CaseMetrics, ShareOfTheGemmCeiling) {
  results::CaseResult r = seed_like_result();
  EXPECT_TRUE(std::isnan(case_metrics(r).pct_of_ceiling)) << "no ceiling: no share";
  r.gemm_ceiling_gflops = 200.0;
  const CaseMetrics m = case_metrics(r);
  const double mean_s = m.epoch_ms.mean / 1000.0;
  // The seed step's LSTM GEMMs: 191,692,800 FLOP (docs/metrics.md), 512 steps per epoch.
  EXPECT_DOUBLE_EQ(m.gemm_gflops, 512.0 * 191692800.0 / mean_s / 1e9);
  EXPECT_DOUBLE_EQ(m.pct_of_ceiling, 100.0 * m.gemm_gflops / 200.0);
  EXPECT_LT(m.gemm_gflops, m.gflops);  // the head is not a GEMM of the LSTM
  r.epoch_ms.resize(1);                // warm-up only: nothing timed, nothing to compare
  EXPECT_TRUE(std::isnan(case_metrics(r).pct_of_ceiling));
}

TEST(CaseMetrics, TimeToTargetSumsTimedEpochsUntilTheLossGetsThere) {
  results::CaseResult r = seed_like_result();  // losses 0.9 (warm-up), 0.5, 0.3, 0.2, 0.15
  EXPECT_TRUE(std::isnan(case_metrics(r).time_to_target_ms)) << "no target set";
  r.spec.target_loss = 0.3;
  EXPECT_EQ(case_metrics(r).time_to_target_ms, 1000.0 + 1100.0);
  r.spec.target_loss = 0.95;  // met in warm-up already: the first timed epoch's time
  EXPECT_EQ(case_metrics(r).time_to_target_ms, 1000.0);
  r.spec.target_loss = 0.1;
  EXPECT_TRUE(std::isnan(case_metrics(r).time_to_target_ms)) << "never reached";
  r.spec.target_loss = 0.2;
  r.train_loss[3] = std::nan("");  // diverged there: never at or below a target
  r.train_loss.resize(4);
  EXPECT_TRUE(std::isnan(case_metrics(r).time_to_target_ms));
}

TEST(CaseMetrics, NoWarmupTimesEveryEpoch) {
  results::CaseResult r = seed_like_result();
  r.spec.warmup_epochs = 0;
  EXPECT_EQ(case_metrics(r).epoch_ms.count, r.epoch_ms.size());
  EXPECT_EQ(case_metrics(r).epoch_ms.max, 2500.0);
}

TEST(CaseMetrics, FailedCaseWithoutEpochsHasZerosAndNanLoss) {
  results::CaseResult r = seed_like_result();
  r.status = results::Status::failed;
  r.epoch_ms.clear();
  r.train_loss.clear();
  const CaseMetrics m = case_metrics(r);
  EXPECT_EQ(m.epoch_ms.count, 0u);
  EXPECT_EQ(m.epoch_ms.mean, 0.0);
  EXPECT_EQ(m.first_epoch_ms, 0.0);
  EXPECT_EQ(m.samples_per_s, 0.0);  // not inf: no division by a zero mean
  EXPECT_EQ(m.gflops, 0.0);
  EXPECT_TRUE(std::isnan(m.final_train_loss));
}

TEST(CaseMetrics, RunEndedDuringWarmupHasFirstEpochButNoTimedEpochs) {
  results::CaseResult r = seed_like_result();
  r.spec.warmup_epochs = 2;
  r.epoch_ms = {2500.0};
  r.train_loss = {0.9};
  const CaseMetrics m = case_metrics(r);
  EXPECT_EQ(m.epoch_ms.count, 0u);
  EXPECT_EQ(m.first_epoch_ms, 2500.0);
  EXPECT_EQ(m.samples_per_s, 0.0);
  EXPECT_EQ(m.final_train_loss, 0.9);
}

TEST(CaseMetrics, DivergedLossIsReportedAsIs) {
  results::CaseResult r = seed_like_result();
  r.status = results::Status::diverged;
  r.train_loss.back() = std::numeric_limits<double>::infinity();
  r.diverged_epoch = 5;
  EXPECT_TRUE(std::isinf(case_metrics(r).final_train_loss));
}

}  // namespace
}  // namespace lstmbench::stats
