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

TEST(LstmGemmStepFlops, HandCountOfATinyTwoLayerStep) {
  // B = 2, T = 3, I = 1, H = 2, two layers. Each GEMM multiplies a batch of 2 with the gate
  // weights [4H x (I+H)]; a multiply-add is 2 FLOP:
  //   layer 1: 2 * 2 * 8 * (1 + 2) = 96 FLOP per GEMM;  layer 2: 2 * 2 * 8 * (2 + 2) = 128.
  // Forward, backward-data and backward-weights at each of 3 steps: 3 * 3 * (96 + 128) = 2016.
  EXPECT_EQ(lstm_gemm_step_flops(2, 3, 1, 2, 2), 2016.0);
  // GFLOP/s' count is the same GEMMs plus the head's 6*B*H = 24.
  EXPECT_EQ(training_step_flops(2, 3, 1, 2, 2), 2016.0 + 24.0);
}

TEST(TrainingStepFlops, NoLayersIsZero) { EXPECT_EQ(training_step_flops(32, 60, 1, 64, 0), 0.0); }

}  // namespace
}  // namespace lstmbench::stats
