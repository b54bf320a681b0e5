#include "stats/rounds.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace lstmbench::stats {
namespace {

results::CaseResult result_with_rounds(std::vector<double> epoch_ms, std::vector<int> rounds,
                                       int warmup) {
  results::CaseResult r;
  r.spec.warmup_epochs = warmup;
  r.epoch_ms = std::move(epoch_ms);
  r.epoch_round = std::move(rounds);
  return r;
}

TEST(RoundMeans, AverageEachRoundsTimedEpochsAndSkipWarmUp) {
  auto r = result_with_rounds({100, 1, 3, 10, 20, 30}, {0, 1, 1, 2, 2, 2}, 1);
  std::vector<double> means = round_means_ms(r);
  ASSERT_EQ(means.size(), 2u);
  EXPECT_DOUBLE_EQ(means[0], 2.0);
  EXPECT_DOUBLE_EQ(means[1], 20.0);
}

TEST(RoundMeans, ResultsWithoutRoundsGiveOneSamplePerTimedEpoch) {
  auto r = result_with_rounds({100, 1, 3, 5}, {}, 1);
  EXPECT_EQ(round_means_ms(r), (std::vector<double>{1, 3, 5}));
}

TEST(GeometricInterval, MatchesAHandComputedStudentTInterval) {
  // logs of {1, e, e^2}: mean 1, sample sd 1; t(0.975, 2) = 4.302652729911275.
  const double e = std::exp(1.0);
  Interval i = geometric_interval(std::vector<double>{1.0, e, e * e});
  const double half = 4.302652729911275 / std::sqrt(3.0);
  EXPECT_NEAR(i.value, e, 1e-12);
  // The t quantile above has 16 digits; Boost's is exact to ~1e-15, and exp turns an absolute
  // error in the exponent into a relative one: 1e-9 relative leaves room for both.
  EXPECT_NEAR(i.low, std::exp(1.0 - half), 1e-9 * i.low);
  EXPECT_NEAR(i.high, std::exp(1.0 + half), 1e-9 * i.high);
  EXPECT_EQ(i.samples, 3);
  EXPECT_TRUE(i.valid());
}

TEST(GeometricInterval, OneSampleHasNoInterval) {
  Interval i = geometric_interval(std::vector<double>{5.0});
  EXPECT_DOUBLE_EQ(i.value, 5.0);
  EXPECT_FALSE(i.valid());
  EXPECT_TRUE(std::isnan(i.rel_half_width()));
}

TEST(PairedSpeedup, ACommonDriftCancelsInThePairs) {
  // Both cases slow down together by up to 4x across rounds; b is always exactly 2x faster.
  std::vector<double> a{10, 40, 20, 15, 12, 30, 11, 25}, b{5, 20, 10, 7.5, 6, 15, 5.5, 12.5};
  Interval paired = paired_speedup(a, b);
  EXPECT_NEAR(paired.value, 2.0, 1e-12);
  EXPECT_NEAR(paired.low, 2.0, 1e-9);
  EXPECT_NEAR(paired.high, 2.0, 1e-9);
  // Unpaired, the same numbers cannot tell the drift from the difference: a wide interval.
  Interval unpaired = speedup_interval(unpaired_log_speedup(a, b));
  EXPECT_NEAR(unpaired.value, 2.0, 1e-12);
  EXPECT_LT(unpaired.low, 1.2);
  EXPECT_GT(unpaired.high, 3.0);
}

TEST(LogSpeedup, UnpairedIsTheDifferenceOfMeanLogsWithWelchsVarianceAndDegrees) {
  // a = 10·e^{±0.1} (two each way), b = 5·e^{0, ±0.2}: log means ln 10 and ln 5; sample
  // variances 4·0.01/3 and 2·0.04/2, so variances of the means 0.01/3 and 0.04/3.
  const std::vector<double> a{10 * std::exp(0.1), 10 * std::exp(-0.1), 10 * std::exp(0.1),
                              10 * std::exp(-0.1)};
  const std::vector<double> b{5.0, 5 * std::exp(0.2), 5 * std::exp(-0.2)};
  const LogSpeedup d = unpaired_log_speedup(a, b);
  const double va = 0.01 / 3, vb = 0.04 / 3;
  EXPECT_NEAR(d.estimate, std::log(2.0), 1e-12);
  EXPECT_NEAR(d.variance, va + vb, 1e-12);
  EXPECT_NEAR(d.df, (va + vb) * (va + vb) / (va * va / 3 + vb * vb / 2), 1e-9);
  EXPECT_EQ(d.samples, 3);
  // The interval is symmetric around the estimate on the log scale.
  const Interval j = speedup_interval(d);
  EXPECT_NEAR(j.value, 2.0, 1e-12);
  EXPECT_NEAR(std::log(j.high) - std::log(j.value), std::log(j.value) - std::log(j.low), 1e-12);
}

TEST(LogSpeedup, AWeightedSumAddsEstimatesAndWeightedVariancesWithSatterthwaitesDegrees) {
  const LogSpeedup x{.estimate = 0.3, .variance = 0.02, .df = 10, .samples = 8};
  const LogSpeedup y{.estimate = 0.1, .variance = 0.01, .df = 4, .samples = 5};
  const LogSpeedup z{.estimate = -0.2, .variance = 0.03, .df = 20, .samples = 12};
  const std::vector<LogSpeedup> terms{x, y, z};
  const std::vector<double> weights{1.0, -0.5, -0.5};
  const LogSpeedup sum = weighted_sum(terms, weights);
  EXPECT_NEAR(sum.estimate, 0.3 - 0.05 + 0.1, 1e-15);
  const double px = 0.02, py = 0.25 * 0.01, pz = 0.25 * 0.03;
  EXPECT_NEAR(sum.variance, px + py + pz, 1e-15);
  EXPECT_NEAR(sum.df, (px + py + pz) * (px + py + pz) / (px * px / 10 + py * py / 4 + pz * pz / 20),
              1e-9);
  EXPECT_EQ(sum.samples, 5);
  // One term keeps its own degrees of freedom.
  const std::vector<LogSpeedup> one{y};
  const std::vector<double> unit{1.0};
  EXPECT_NEAR(weighted_sum(one, unit).df, 4.0, 1e-12);
}

TEST(LogSpeedup, OneSampleOnASideHasAnEstimateButNoVarianceOrInterval) {
  const LogSpeedup d =
      unpaired_log_speedup(std::vector<double>{10.0}, std::vector<double>{5.0, 5.5, 4.5});
  EXPECT_NEAR(d.estimate, std::log(10.0) - (std::log(5.0) + std::log(5.5) + std::log(4.5)) / 3,
              1e-12);
  EXPECT_FALSE(d.has_variance());
  EXPECT_FALSE(speedup_interval(d).valid());
}

TEST(PairedSpeedup, ASlowerCandidateGivesASpeedupBelowOne) {
  Interval i = paired_speedup(std::vector<double>{10, 10.2, 9.9, 10.1, 10, 9.8},
                              std::vector<double>{11, 11.3, 10.8, 11.2, 11.1, 10.7});
  EXPECT_LT(i.high, 1.0);
  EXPECT_GT(i.low, 0.85);
}

TEST(PairedSpeedup, IsTheMedianRatioBetweenTheOrderStatisticsTheSignTestAllows) {
  // Ratios a/b = e^1 .. e^10 (shuffled). For n = 10, P(Bin(10, 1/2) <= 1) = 11/1024 <= 2.5 % and
  // P(<= 2) = 56/1024 > 2.5 %, so the 95 % interval runs from the 2nd smallest to the 2nd
  // largest ratio, and the value is the median, e^5.5.
  const std::vector<int> order{3, 9, 1, 10, 5, 2, 8, 4, 7, 6};
  std::vector<double> a, b;
  for (int k : order) {
    a.push_back(std::exp(static_cast<double>(k)));
    b.push_back(1.0);
  }
  Interval i = paired_speedup(a, b);
  EXPECT_NEAR(i.value, std::exp(5.5), 1e-9 * i.value);
  EXPECT_NEAR(i.low, std::exp(2.0), 1e-12 * i.low);
  EXPECT_NEAR(i.high, std::exp(9.0), 1e-12 * i.high);
  EXPECT_EQ(i.samples, 10);
}

TEST(PairedSpeedup, OneOutlierRoundMovesNeitherTheValueNorTheInterval) {
  // Nine rounds where b is exactly 1.25x faster, one where a hit a 3x slow phase alone. A mean of
  // the log ratios would say 1.25 * 2.4^(1/10) = 1.367; the median stays at 1.25.
  std::vector<double> a(10, 12.5), b(10, 10.0);
  a[4] = 30.0;
  Interval i = paired_speedup(a, b);
  EXPECT_NEAR(i.value, 1.25, 1e-12);
  EXPECT_NEAR(i.low, 1.25, 1e-12);
  EXPECT_NEAR(i.high, 1.25, 1e-12);
}

TEST(PairedSpeedup, FewerThanSixRoundsHaveNoInterval) {
  // P(Bin(5, 1/2) = 0) = 1/32 > 2.5 %: no pair of order statistics covers the median at 95 %.
  std::vector<double> five_a{2, 2, 2, 2, 2}, five_b{1, 1, 1, 1, 1};
  EXPECT_FALSE(paired_speedup(five_a, five_b).valid());
  EXPECT_NEAR(paired_speedup(five_a, five_b).value, 2.0, 1e-12);
  // With six, 1/64 <= 2.5 %: the interval is [smallest, largest].
  std::vector<double> six_a{2, 3, 2, 4, 2, 2}, six_b{1, 1, 1, 1, 1, 1};
  Interval six = paired_speedup(six_a, six_b);
  ASSERT_TRUE(six.valid());
  EXPECT_NEAR(six.low, 2.0, 1e-12);
  EXPECT_NEAR(six.high, 4.0, 1e-12);
}

TEST(FormatSpeedup, ShowsTheIntervalWhenThereIsOne) {
  EXPECT_EQ(format_speedup({1.93, 1.85, 2.02, 10}), "1.93× [1.85, 2.02]");
  EXPECT_EQ(format_speedup({1.5, NAN, NAN, 1}), "1.50×");
  EXPECT_EQ(format_speedup({13.11, 12.3, 14.0, 4}), "13.1× [12.3, 14.0]");
}

TEST(RoundCv, IsTheSpreadOfTheRoundMeans) {
  EXPECT_NEAR(round_cv(std::vector<double>{9, 11}), std::sqrt(2.0) / 10.0, 1e-12);
  EXPECT_TRUE(std::isnan(round_cv(std::vector<double>{9})));
}

}  // namespace
}  // namespace lstmbench::stats
