#include "stats/flops.hpp"

#include <gtest/gtest.h>

namespace lstmbench::stats {
namespace {

TEST(TrainingStepFlops, SeedWorkloadIs191_7MflopPlusHead) {
  // docs/metrics.md: one layer, I = 1, B = 32, T = 60, H = 64 -> 24*B*T*H*(I+H) = 191.7 MFLOP for
  // the LSTM, plus the Dense(1) head's 6*B*H. All terms are integers far below 2^53: exact.
  const double lstm = 24.0 * 32 * 60 * 64 * (1 + 64);
  const double head = 6.0 * 32 * 64;
  EXPECT_EQ(training_step_flops(32, 60, 1, 64, 1), lstm + head);
  EXPECT_NEAR(lstm / 1e6, 191.7, 0.05);  // the figure docs/metrics.md quotes, to its 4 digits
}

TEST(TrainingStepFlops, LaterLayersReadTheHiddenState) {
  const double first = 24.0 * 16 * 10 * 32 * (3 + 32);
  const double later = 24.0 * 16 * 10 * 32 * (32 + 32);
  const double head = 6.0 * 16 * 32;
  EXPECT_EQ(training_step_flops(16, 10, 3, 32, 3), first + 2 * later + head);
}

TEST(TrainingStepFlops, ScalesLinearlyWithBatchAndSequence) {
  const double base = training_step_flops(32, 60, 1, 64, 1);
  EXPECT_EQ(training_step_flops(64, 60, 1, 64, 1), 2 * base);
  // Doubling T doubles the LSTM part only; the head sees the last step alone.
  EXPECT_EQ(training_step_flops(32, 120, 1, 64, 1), 2 * base - 6.0 * 32 * 64);
}

TEST(TrainingStepFlops, NoLayersIsZero) { EXPECT_EQ(training_step_flops(32, 60, 1, 64, 0), 0.0); }

}  // namespace
}  // namespace lstmbench::stats
