#include "stats/noise.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace lstmbench::stats {
namespace {

results::CaseResult quiet_case() {
  results::CaseResult r;
  r.spec.warmup_epochs = 1;
  r.epoch_ms = {50, 10, 10, 10, 10};
  r.epoch_round = {0, 1, 1, 2, 2};
  r.epoch_steal = {0.9, 0.0, 0.0, 0.01, 0.01};  // the warm-up epoch's steal does not count
  r.epoch_other_cpu = {0.9, 0.1, 0.1, 0.1, 0.1};
  return r;
}

TEST(NoiseSummary, AQuietCaseIsNotFlagged) {
  NoiseSummary s = noise_summary(quiet_case());
  EXPECT_NEAR(s.steal, 0.005, 1e-12);
  EXPECT_NEAR(s.other_cpu, 0.1, 1e-12);
  EXPECT_FALSE(s.noisy) << s.reason;
}

TEST(NoiseSummary, StealIsWeightedByEpochTimeAndNamedInTheReason) {
  results::CaseResult r = quiet_case();
  r.epoch_ms = {50, 10, 10, 30, 30};
  r.epoch_steal = {0, 0, 0, 0.24, 0.24};  // (0.24*60) / 80 = 18 %
  NoiseSummary s = noise_summary(r);
  EXPECT_NEAR(s.steal, 0.18, 1e-12);
  EXPECT_TRUE(s.noisy);
  EXPECT_NE(s.reason.find("18 % of CPU time stolen by the hypervisor"), std::string::npos)
      << s.reason;
  EXPECT_NE(s.reason.find("CV"), std::string::npos) << s.reason;  // rounds 10 vs 30
}

TEST(NoiseSummary, UnknownNoiseIsNotANoisyCase) {
  results::CaseResult r = quiet_case();
  r.epoch_steal.assign(5, NAN);
  r.epoch_other_cpu.assign(5, NAN);
  NoiseSummary s = noise_summary(r);
  EXPECT_TRUE(std::isnan(s.steal));
  EXPECT_FALSE(s.noisy);
}

TEST(NoiseSummary, AFallingGpuClockIsNamedWithItsRange) {
  results::CaseResult r = quiet_case();
  r.epoch_gpu_clock_mhz = {1200, 1980, 1980, 1830, 1980};  // the warm-up epoch does not count
  NoiseSummary s = noise_summary(r);
  EXPECT_EQ(s.gpu_clock_min_mhz, 1830);
  EXPECT_EQ(s.gpu_clock_max_mhz, 1980);
  EXPECT_TRUE(s.noisy);  // 7.6 % below the peak, over the 5 % threshold
  EXPECT_NE(s.reason.find("GPU SM clock ranged 1830-1980 MHz"), std::string::npos) << s.reason;

  r.epoch_gpu_clock_mhz = {1200, 1980, 1980, 1940, 1980};  // 2 %: boost jitter, not noise
  EXPECT_FALSE(noise_summary(r).noisy) << noise_summary(r).reason;
}

}  // namespace
}  // namespace lstmbench::stats
