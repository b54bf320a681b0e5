#include "stats/summary.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace lstmbench::stats {
namespace {

// Hyndman & Fan type 7 as they define it (1-based rank h = (n-1)p + 1), written independently of
// the implementation's 0-based position so the two do not share a mistake.
double type7_quantile(std::vector<double> x, double p) {
  std::sort(x.begin(), x.end());
  const double h = (static_cast<double>(x.size()) - 1.0) * p + 1.0;
  const auto lo = static_cast<std::size_t>(std::floor(h));  // 1-based
  if (lo >= x.size()) return x.back();
  return x[lo - 1] + (h - std::floor(h)) * (x[lo] - x[lo - 1]);
}

TEST(Summary, EmptySampleIsAllZeros) {
  const Summary s = summarize({});
  EXPECT_EQ(s.count, 0u);
  EXPECT_EQ(s.mean, 0.0);
  EXPECT_EQ(s.median, 0.0);
  EXPECT_EQ(s.min, 0.0);
  EXPECT_EQ(s.max, 0.0);
  EXPECT_EQ(s.stddev, 0.0);
  EXPECT_EQ(s.p95, 0.0);
}

TEST(Summary, SingleValueIsEveryStatisticAndZeroSpread) {
  const std::vector<double> one{12.5};
  const Summary s = summarize(one);
  EXPECT_EQ(s.count, 1u);
  EXPECT_EQ(s.mean, 12.5);
  EXPECT_EQ(s.median, 12.5);
  EXPECT_EQ(s.min, 12.5);
  EXPECT_EQ(s.max, 12.5);
  EXPECT_EQ(s.p95, 12.5);
  EXPECT_EQ(s.stddev, 0.0);  // n - 1 = 0: defined as 0, never NaN
}

TEST(Summary, SmallSampleMatchesDefinitions) {
  // Unsorted on purpose: the summary must not depend on input order.
  const std::vector<double> x{9, 4, 2, 5, 4, 7, 4, 5};
  const Summary s = summarize(x);

  double sum = 0.0;
  for (double v : x) sum += v;
  const double mean = sum / static_cast<double>(x.size());
  double squares = 0.0;
  for (double v : x) squares += (v - mean) * (v - mean);
  std::vector<double> sorted = x;
  std::sort(sorted.begin(), sorted.end());

  // Small integers: every quantity below is exact in binary floating point except the square
  // root, so equality holds up to one rounding (4 ulp leaves room for a different summation).
  EXPECT_EQ(s.count, x.size());
  EXPECT_DOUBLE_EQ(s.mean, mean);
  EXPECT_EQ(s.min, sorted.front());
  EXPECT_EQ(s.max, sorted.back());
  // Even count: the median is the average of the two middle values.
  EXPECT_DOUBLE_EQ(s.median, (sorted[3] + sorted[4]) / 2.0);
  EXPECT_DOUBLE_EQ(s.stddev, std::sqrt(squares / (static_cast<double>(x.size()) - 1.0)));
  // p95 of 8 values: rank h = 7 * 0.95 + 1 = 7.65, between the 7th and 8th smallest.
  EXPECT_DOUBLE_EQ(s.p95, sorted[6] + 0.65 * (sorted[7] - sorted[6]));
}

TEST(Summary, PercentileInterpolatesLikeNumpyOnRandomSamples) {
  std::mt19937_64 rng(20240611);
  std::lognormal_distribution<double> epoch_ms(std::log(800.0), 0.2);
  for (std::size_t n : {2u, 3u, 7u, 20u, 21u, 50u}) {
    std::vector<double> x(n);
    for (double& v : x) v = epoch_ms(rng);
    const Summary s = summarize(x);
    // Same arithmetic on the same two neighbours up to reassociation: a few ulp of ~1e3.
    EXPECT_NEAR(s.p95, type7_quantile(x, 0.95), 1e-9) << "n = " << n;
    EXPECT_NEAR(s.median, type7_quantile(x, 0.5), 1e-9) << "n = " << n;
    EXPECT_LE(s.min, s.median);
    EXPECT_LE(s.median, s.p95);
    EXPECT_LE(s.p95, s.max);
  }
}

TEST(Summary, StddevSurvivesALargeOffset) {
  // Epoch times can be large with a small spread; a one-pass sum-of-squares would lose the
  // spread entirely at 1e9. Deviations 1, 2, 3 around 1e9 + 2 are exact in double (< 2^53).
  const std::vector<double> x{1e9 + 1, 1e9 + 2, 1e9 + 3};
  const Summary s = summarize(x);
  EXPECT_DOUBLE_EQ(s.mean, 1e9 + 2);
  EXPECT_DOUBLE_EQ(s.stddev, 1.0);  // sqrt((1 + 0 + 1) / 2)
}

}  // namespace
}  // namespace lstmbench::stats
