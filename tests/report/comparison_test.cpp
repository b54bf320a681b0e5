// compare_results on known samples: verdicts from the interval, the threshold, cases on one side
// only, status changes and the geometric mean. Expected values are computed here from the
// samples (means, Welch's test), never copied from the code's output. These results carry no
// round numbers, so each timed epoch is one round-mean sample (what older files give).
#include "report/comparison.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "common/error.hpp"

namespace lstmbench::report {
namespace {

// Ratios of means of a handful of doubles: exact to a few ulps, so 1e-12 relative is ample.
constexpr double kRatioTolerance = 1e-12;
// A warm-up epoch far slower than the rest: any result that included it would be way off.
constexpr double kWarmupMs = 1000.0;

results::CaseResult timed_case(const std::string& id, std::vector<double> timed_ms,
                               results::Status status = results::Status::ok) {
  results::CaseResult r;
  r.spec.id = id;
  r.spec.backend = "reference";
  r.spec.warmup_epochs = 1;
  r.spec.varying = {{"batch_size", id}};
  r.status = status;
  r.epoch_ms = {kWarmupMs};
  r.epoch_ms.insert(r.epoch_ms.end(), timed_ms.begin(), timed_ms.end());
  return r;
}

std::vector<double> scaled(std::vector<double> values, double factor) {
  for (double& v : values) v *= factor;
  return values;
}

double mean(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

double geometric_mean(const std::vector<double>& v) {
  double log_sum = 0.0;
  for (double x : v) log_sum += std::log(x);
  return std::exp(log_sum / static_cast<double>(v.size()));
}

const std::vector<double> kBase = {10.0, 10.2, 9.8, 10.1, 9.9, 10.05, 9.95};

ComparisonRow compare_one(const std::vector<double>& base, const std::vector<double>& candidate,
                          CompareOptions options = {}) {
  Comparison c = compare_results({timed_case("a", base)}, {timed_case("a", candidate)}, options);
  EXPECT_EQ(c.rows.size(), 1u);
  return c.rows.at(0);
}

TEST(Comparison, ClearlySlowerIsASignificantRegression) {
  const std::vector<double> candidate = scaled(kBase, 1.2);
  Comparison c = compare_results({timed_case("a", kBase)}, {timed_case("a", candidate)}, {});
  ASSERT_EQ(c.rows.size(), 1u);
  const ComparisonRow& row = c.rows[0];
  ASSERT_TRUE(row.timed);
  EXPECT_NEAR(row.base_mean_ms, mean(kBase), kRatioTolerance * mean(kBase));  // warm-up excluded
  const double ratio = geometric_mean(kBase) / geometric_mean(candidate);
  EXPECT_NEAR(row.speedup, ratio, kRatioTolerance);
  EXPECT_NEAR(row.change, 1.0 / ratio - 1.0, kRatioTolerance);
  EXPECT_GT(row.interval.low, 0.0);
  EXPECT_LT(row.interval.high, 1.0);  // confidently slower
  const stats::TestResult expected = stats::welch_t_test(kBase, candidate);
  ASSERT_TRUE(row.test.valid);
  EXPECT_DOUBLE_EQ(row.test.p_value, expected.p_value);
  EXPECT_LT(row.test.p_value, 0.05);
  EXPECT_EQ(row.verdict, Verdict::slower);
  EXPECT_TRUE(row.regression);
  EXPECT_TRUE(c.has_regression);
  EXPECT_EQ(c.slower, 1);
}

TEST(Comparison, ClearlyFasterIsNotARegression) {
  Comparison c =
      compare_results({timed_case("a", kBase)}, {timed_case("a", scaled(kBase, 0.5))}, {});
  EXPECT_EQ(c.rows.at(0).verdict, Verdict::faster);
  EXPECT_FALSE(c.has_regression);
  EXPECT_EQ(c.faster, 1);
}

TEST(Comparison, TinyNoiseIsTheSame) {
  std::vector<double> candidate = kBase;
  for (std::size_t i = 0; i < candidate.size(); ++i) candidate[i] += i % 2 ? 0.01 : -0.005;
  const ComparisonRow row = compare_one(kBase, candidate);
  EXPECT_LT(std::abs(row.change), 0.05);
  EXPECT_EQ(row.verdict, Verdict::same);
  EXPECT_FALSE(row.regression);
}

TEST(Comparison, BeyondTheThresholdButTooNoisyIsInconclusiveNotSame) {
  // Mean +10%, but the samples scatter by ±40%: the interval cannot tell the runs apart.
  const std::vector<double> base = {6.0, 14.0, 8.0, 12.0, 10.0};
  const std::vector<double> candidate = {7.0, 15.0, 9.0, 13.0, 11.0};
  const ComparisonRow row = compare_one(base, candidate);
  ASSERT_GT(row.change, 0.05);
  ASSERT_TRUE(row.test.valid);
  ASSERT_GE(row.test.p_value, 0.05);
  EXPECT_EQ(row.verdict, Verdict::inconclusive);
  EXPECT_FALSE(row.regression);
  // The same data with a 0 % interval (alpha 1): now the threshold alone decides.
  EXPECT_EQ(compare_one(base, candidate, {.threshold = 0.05, .alpha = 1.0}).verdict,
            Verdict::slower);
  // And a threshold above the change: same again.
  EXPECT_EQ(compare_one(base, candidate, {.threshold = 0.5, .alpha = 1.0}).verdict, Verdict::same);
}

TEST(Comparison, OneSamplePerSideIsInconclusiveAndNeverARegression) {
  Comparison c = compare_results({timed_case("a", {10.0}), timed_case("b", {10.0})},
                                 {timed_case("a", {13.0}), timed_case("b", {10.1})}, {});
  ASSERT_EQ(c.rows.size(), 2u);
  EXPECT_FALSE(c.rows[0].test.valid);
  EXPECT_EQ(c.rows[0].verdict, Verdict::inconclusive);
  EXPECT_FALSE(c.rows[0].regression);
  EXPECT_EQ(c.rows[1].verdict, Verdict::inconclusive);
  EXPECT_EQ(c.inconclusive, 2);
  EXPECT_FALSE(c.has_regression);
  std::ostringstream out;
  write_comparison(out, c);
  EXPECT_NE(out.str().find("n/a"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("2 inconclusive"), std::string::npos) << out.str();
}

TEST(Comparison, VerdictsFollowTheIntervalAndTheThreshold) {
  // Intervals of the speed-up (base / candidate); the candidate's time ratio is 1 / speed-up.
  EXPECT_EQ(verdict_of({0.85, 0.83, 0.87, 10}, 0.05), Verdict::slower);        // ~18 % slower, sure
  EXPECT_EQ(verdict_of({0.93, 0.88, 0.99, 10}, 0.05), Verdict::slower);        // 7.5 % slower, > 1
  EXPECT_EQ(verdict_of({0.93, 0.85, 1.02, 10}, 0.05), Verdict::inconclusive);  // might be none
  EXPECT_EQ(verdict_of({0.99, 0.97, 1.01, 10}, 0.05), Verdict::same);
  EXPECT_EQ(verdict_of({1.2, 1.15, 1.25, 10}, 0.05), Verdict::faster);
  EXPECT_EQ(verdict_of({1.0, NAN, NAN, 1}, 0.05), Verdict::inconclusive);
}

TEST(Comparison, CasesOnOneSideAreListedAndNotRegressions) {
  Comparison c = compare_results({timed_case("a", kBase), timed_case("b", kBase)},
                                 {timed_case("b", kBase), timed_case("c", kBase)}, {});
  ASSERT_EQ(c.rows.size(), 3u);
  EXPECT_EQ(c.rows[0].id, "a");
  EXPECT_EQ(c.rows[0].presence, Presence::base_only);
  EXPECT_FALSE(c.rows[0].timed);
  EXPECT_EQ(c.rows[1].presence, Presence::both);
  EXPECT_EQ(c.rows[1].verdict, Verdict::same);
  EXPECT_EQ(c.rows[2].id, "c");
  EXPECT_EQ(c.rows[2].presence, Presence::candidate_only);
  EXPECT_EQ(c.only_in_base, 1);
  EXPECT_EQ(c.only_in_candidate, 1);
  EXPECT_FALSE(c.has_regression);
  std::ostringstream out;
  write_comparison(out, c);
  EXPECT_NE(out.str().find("only in base"), std::string::npos);
  EXPECT_NE(out.str().find("only in candidate"), std::string::npos);
}

TEST(Comparison, LosingTheOkStatusIsARegressionRegainingItIsNot) {
  results::CaseResult failed = timed_case("a", {});
  failed.status = results::Status::failed;
  Comparison lost = compare_results({timed_case("a", kBase)}, {failed}, {});
  ASSERT_EQ(lost.rows.size(), 1u);
  EXPECT_TRUE(lost.rows[0].status_changed());
  EXPECT_FALSE(lost.rows[0].timed);
  EXPECT_TRUE(lost.rows[0].regression);
  EXPECT_EQ(lost.status_changes, 1);
  std::ostringstream out;
  write_comparison(out, lost);
  EXPECT_NE(out.str().find("ok → failed"), std::string::npos) << out.str();

  Comparison regained = compare_results({failed}, {timed_case("a", kBase)}, {});
  EXPECT_TRUE(regained.rows.at(0).status_changed());
  EXPECT_FALSE(regained.has_regression);
}

TEST(Comparison, GeometricMeanTreatsTwiceAndHalfAsOpposites) {
  // Constant samples: Welch's test is decisive (p = 0); speed-ups 2, 0.5 and 1.25. 2 and 0.5
  // cancel, so the geometric mean is cbrt(1.25), where the arithmetic mean would be 1.25.
  Comparison c = compare_results(
      {timed_case("a", {10.0, 10.0}), timed_case("b", {10.0, 10.0}), timed_case("c", {10.0, 10.0})},
      {timed_case("a", {5.0, 5.0}), timed_case("b", {20.0, 20.0}), timed_case("c", {8.0, 8.0})},
      {});
  ASSERT_EQ(c.rows.size(), 3u);
  const double expected = std::cbrt(c.rows[0].speedup * c.rows[1].speedup * c.rows[2].speedup);
  EXPECT_NEAR(c.geomean_speedup, expected, kRatioTolerance);
  EXPECT_NEAR(c.geomean_speedup, std::cbrt(10.0 / 8.0), kRatioTolerance);
  EXPECT_EQ(c.faster, 2);
  EXPECT_EQ(c.slower, 1);
  EXPECT_NE(comparison_summary(c).find("2 faster, 1 slower, 0 same, 0 inconclusive"),
            std::string::npos)
      << comparison_summary(c);
}

TEST(Comparison, NothingTimedGivesANanGeometricMean) {
  Comparison c = compare_results({timed_case("a", {})}, {timed_case("a", {})}, {});
  EXPECT_TRUE(std::isnan(c.geomean_speedup));
  EXPECT_FALSE(c.has_regression);
}

TEST(Comparison, ALaterLineWinsForARepeatedId) {
  Comparison c = compare_results({timed_case("a", scaled(kBase, 3.0)), timed_case("a", kBase)},
                                 {timed_case("a", kBase)}, {});
  ASSERT_EQ(c.rows.size(), 1u);
  EXPECT_EQ(c.rows[0].verdict, Verdict::same);
}

TEST(Comparison, RejectsANegativeThresholdAndAnAlphaOutsideZeroToOne) {
  EXPECT_THROW(compare_results({}, {}, {.threshold = -0.1, .alpha = 0.05}), Error);
  EXPECT_THROW(compare_results({}, {}, {.threshold = 0.05, .alpha = 0.0}), Error);
  EXPECT_THROW(compare_results({}, {}, {.threshold = 0.05, .alpha = 1.5}), Error);
}

}  // namespace
}  // namespace lstmbench::report
