#include "stats/significance.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace lstmbench::stats {
namespace {

std::vector<double> normal_sample(std::mt19937_64& rng, std::size_t n, double mean, double sd) {
  std::normal_distribution<double> dist(mean, sd);
  std::vector<double> x(n);
  for (double& v : x) v = dist(rng);
  return x;
}

TEST(WelchTTest, TooSmallSamplesAreNotTested) {
  const std::vector<double> one{1.0};
  const std::vector<double> two{1.0, 2.0};
  EXPECT_FALSE(welch_t_test(one, two).valid);
  EXPECT_EQ(welch_t_test(one, two).p_value, 1.0);
}

TEST(WelchTTest, StatisticMatchesDefinitionAndLargeSamplePIsNormal) {
  std::mt19937_64 rng(7);
  const auto a = normal_sample(rng, 4000, 100.0, 5.0);
  const auto b = normal_sample(rng, 3000, 100.3, 8.0);
  auto mean_var = [](const std::vector<double>& x, double& mean, double& var) {
    mean = 0.0;
    for (double v : x) mean += v;
    mean /= static_cast<double>(x.size());
    var = 0.0;
    for (double v : x) var += (v - mean) * (v - mean);
    var /= static_cast<double>(x.size() - 1);
  };
  double ma, va, mb, vb;
  mean_var(a, ma, va);
  mean_var(b, mb, vb);
  const double t = (ma - mb) / std::sqrt(va / a.size() + vb / b.size());
  const TestResult r = welch_t_test(a, b);
  ASSERT_TRUE(r.valid);
  EXPECT_NEAR(r.statistic, t, 1e-9 * std::abs(t));  // same formula, different summation order
  // With ~5000 degrees of freedom Student's t is within ~1e-3 relative of the normal in the
  // tails that matter here, so the two-sided normal p-value checks the distribution call.
  const double normal_p = std::erfc(std::abs(t) / std::sqrt(2.0));
  EXPECT_NEAR(r.p_value, normal_p, 2e-3 * normal_p + 1e-6);
}

TEST(WelchTTest, DetectsAShiftAndNotNoise) {
  std::mt19937_64 rng(11);
  const auto base = normal_sample(rng, 30, 1000.0, 10.0);
  const auto same = normal_sample(rng, 30, 1000.0, 10.0);
  const auto slower = normal_sample(rng, 30, 1100.0, 10.0);  // 10 sd apart
  EXPECT_LT(welch_t_test(base, slower).p_value, 1e-6);
  EXPECT_GT(welch_t_test(base, same).p_value, 1e-3);  // a false alarm at 1e-3 is very unlikely
  // Two-sided: swapping the samples flips the sign only.
  EXPECT_DOUBLE_EQ(welch_t_test(slower, base).p_value, welch_t_test(base, slower).p_value);
  EXPECT_DOUBLE_EQ(welch_t_test(slower, base).statistic, -welch_t_test(base, slower).statistic);
}

TEST(WelchTTest, ConstantSamples) {
  const std::vector<double> a{5.0, 5.0, 5.0};
  const std::vector<double> b{6.0, 6.0};
  EXPECT_EQ(welch_t_test(a, a).p_value, 1.0);
  EXPECT_EQ(welch_t_test(a, b).p_value, 0.0);
}

TEST(MannWhitneyU, CompleteSeparation) {
  // Every a below every b: U_a = 0, U_b = n1*n2. Normal approximation with continuity
  // correction, z = (n1*n2/2 - 0.5) / sqrt(n1*n2*(n1+n2+1)/12), no ties.
  std::vector<double> a, b;
  for (int i = 0; i < 10; ++i) a.push_back(100.0 + i);
  for (int i = 0; i < 12; ++i) b.push_back(200.0 + i);
  const TestResult r = mann_whitney_u(a, b);
  ASSERT_TRUE(r.valid);
  EXPECT_EQ(r.statistic, 0.0);
  EXPECT_EQ(mann_whitney_u(b, a).statistic, 120.0);
  const double z = (60.0 - 0.5) / std::sqrt(120.0 * 23.0 / 12.0);
  EXPECT_NEAR(r.p_value, std::erfc(z / std::sqrt(2.0)), 1e-12);
  EXPECT_DOUBLE_EQ(mann_whitney_u(b, a).p_value, r.p_value);
}

TEST(MannWhitneyU, TiesUseAverageRanks) {
  // Pooled sorted: 1(a) 2(a) 2(b) 3(b); ranks 1, 2.5, 2.5, 4. R_a = 3.5, U_a = 3.5 - 3 = 0.5.
  const std::vector<double> a{1.0, 2.0};
  const std::vector<double> b{2.0, 3.0};
  EXPECT_EQ(mann_whitney_u(a, b).statistic, 0.5);
}

TEST(MannWhitneyU, AllTiedIsNoEvidence) {
  const std::vector<double> a{3.0, 3.0, 3.0};
  const TestResult r = mann_whitney_u(a, a);
  EXPECT_TRUE(r.valid);
  EXPECT_EQ(r.p_value, 1.0);
  EXPECT_FALSE(mann_whitney_u({}, a).valid);
}

}  // namespace
}  // namespace lstmbench::stats
