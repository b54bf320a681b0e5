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

// A single case has no other case to tell a change of the machine by, so the tests of a case's
// own interval take the machine as stable; the run-shift tests below use the default.
constexpr CompareOptions kStable = {.assume_stable_machine = true};

ComparisonRow compare_one(const std::vector<double>& base, const std::vector<double>& candidate,
                          CompareOptions options = kStable) {
  Comparison c = compare_results({timed_case("a", base)}, {timed_case("a", candidate)}, options);
  EXPECT_EQ(c.rows.size(), 1u);
  return c.rows.at(0);
}

TEST(Comparison, ClearlySlowerIsASignificantRegression) {
  const std::vector<double> candidate = scaled(kBase, 1.2);
  Comparison c = compare_results({timed_case("a", kBase)}, {timed_case("a", candidate)}, kStable);
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
      compare_results({timed_case("a", kBase)}, {timed_case("a", scaled(kBase, 0.5))}, kStable);
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
  EXPECT_EQ(
      compare_one(base, candidate, {.threshold = 0.05, .alpha = 1.0, .assume_stable_machine = true})
          .verdict,
      Verdict::slower);
  // And a threshold above the change: same again.
  EXPECT_EQ(
      compare_one(base, candidate, {.threshold = 0.5, .alpha = 1.0, .assume_stable_machine = true})
          .verdict,
      Verdict::same);
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

// Three cases with the same ripple (kBase), the candidate's times scaled per case.
Comparison compare_three(double factor_a, double factor_b, double factor_c,
                         CompareOptions options = {}) {
  return compare_results(
      {timed_case("a", kBase), timed_case("b", kBase), timed_case("c", kBase)},
      {timed_case("a", scaled(kBase, factor_a)), timed_case("b", scaled(kBase, factor_b)),
       timed_case("c", scaled(kBase, factor_c))},
      options);
}

TEST(Comparison, EveryCaseSlowerAlikeIsInconclusiveBecauseItMayBeTheMachine) {
  const Comparison c = compare_three(1.2, 1.2, 1.2);
  ASSERT_EQ(c.rows.size(), 3u);
  for (const ComparisonRow& row : c.rows) {
    EXPECT_EQ(verdict_of(row.interval, 0.05), Verdict::slower);  // alone, each looks slower
    EXPECT_EQ(row.verdict, Verdict::inconclusive) << row.id;
    EXPECT_NEAR(row.relative.value, 1.0, kRatioTolerance) << row.id;
    EXPECT_EQ(row.downgrade, Downgrade::moved_with_run);
    EXPECT_NE(row.note.find("moved with the run"), std::string::npos) << row.note;
    EXPECT_FALSE(row.regression);
  }
  EXPECT_EQ(c.moved_with_run, 3);
  EXPECT_EQ(c.no_other_case, 0);
  EXPECT_FALSE(c.has_regression);
  EXPECT_NE(comparison_summary(c).find("3 inconclusive only because they moved with the whole run"),
            std::string::npos)
      << comparison_summary(c);

  const Comparison stable = compare_three(1.2, 1.2, 1.2, kStable);
  EXPECT_EQ(stable.slower, 3);
  EXPECT_EQ(stable.moved_with_run, 0);
  EXPECT_TRUE(stable.has_regression);
}

TEST(Comparison, ACaseSlowerThanTheRestOfItsRunIsStillARegression) {
  // The whole candidate run is 15 % slower, and case a 30 % slower on top of that.
  const Comparison c = compare_three(1.15 * 1.3, 1.15, 1.15);
  ASSERT_EQ(c.rows.size(), 3u);
  const ComparisonRow& a = c.rows[0];
  EXPECT_EQ(a.verdict, Verdict::slower);
  EXPECT_TRUE(a.regression);
  EXPECT_TRUE(a.note.empty()) << a.note;
  // Relative to the geometric mean of the others' speed-ups: 1 / 1.3 exactly (same ripple).
  EXPECT_NEAR(a.relative.value, 1.0 / 1.3, kRatioTolerance);
  EXPECT_NEAR(a.relative.value, a.speedup / std::sqrt(c.rows[1].speedup * c.rows[2].speedup),
              kRatioTolerance);
  ASSERT_TRUE(a.relative.valid());
  EXPECT_LT(a.relative.low, a.relative.value);
  EXPECT_GT(a.relative.high, a.relative.value);
  // The interval against the others holds every case's noise, so it is wider than a's own.
  EXPECT_GT(a.relative.rel_half_width(), a.interval.rel_half_width());
  // b and c are 15 % slower alone but faster than the run's other cases (a among them): the
  // note says so rather than "moved with the run".
  for (std::size_t k : {1u, 2u}) {
    EXPECT_EQ(c.rows[k].verdict, Verdict::inconclusive) << c.rows[k].id;
    EXPECT_NE(c.rows[k].note.find("the other cases moved more"), std::string::npos)
        << c.rows[k].note;
    EXPECT_FALSE(c.rows[k].regression);
  }
  // The JSON carries the relative speed-up where it was computed.
  const nlohmann::json json = comparison_json(c).at("rows");
  EXPECT_NEAR(json.at(0).at("relative_speedup").get<double>(), 1.0 / 1.3, kRatioTolerance);
  EXPECT_LT(json.at(0).at("relative_low").get<double>(), 1.0 / 1.3);
  EXPECT_TRUE(json.at(0).at("note").get<std::string>().empty());
  EXPECT_TRUE(c.has_regression);
  EXPECT_EQ(c.slower, 1);
  EXPECT_EQ(c.moved_with_run, 2);
}

TEST(Comparison, OnlyOneTimedCaseCannotBeToldFromTheMachine) {
  Comparison c = compare_results({timed_case("a", kBase), timed_case("b", {})},
                                 {timed_case("a", scaled(kBase, 1.5)), timed_case("b", {})}, {});
  ASSERT_EQ(c.rows.size(), 2u);
  EXPECT_EQ(c.rows[0].verdict, Verdict::inconclusive);
  EXPECT_EQ(c.rows[0].downgrade, Downgrade::no_other_case);
  EXPECT_NE(c.rows[0].note.find("no other timed case"), std::string::npos) << c.rows[0].note;
  EXPECT_FALSE(c.has_regression);
  EXPECT_EQ(c.no_other_case, 1);
  EXPECT_EQ(c.moved_with_run, 0);
  const std::string summary = comparison_summary(c);
  EXPECT_NE(summary.find("1 inconclusive only because no other case was timed"), std::string::npos)
      << summary;
  EXPECT_EQ(summary.find("moved with the whole run"), std::string::npos) << summary;
  const nlohmann::json json = comparison_json(c);
  EXPECT_EQ(json.at("rows").at(0).at("note"), c.rows[0].note);
  EXPECT_FALSE(json.at("assume_stable_machine").get<bool>());
}

TEST(Comparison, FasterStandsOnlyWhenItIsFasterThanTheRestOfTheRunToo) {
  const Comparison one = compare_three(0.7, 1.0, 1.0);
  EXPECT_EQ(one.rows[0].verdict, Verdict::faster);
  EXPECT_NEAR(one.rows[0].relative.value, 1.0 / 0.7, kRatioTolerance);
  EXPECT_EQ(one.faster, 1);
  EXPECT_EQ(one.same, 2);

  const Comparison all = compare_three(0.8, 0.8, 0.8);
  EXPECT_EQ(all.faster, 0);
  EXPECT_EQ(all.inconclusive, 3);
  EXPECT_EQ(all.moved_with_run, 3);
}

TEST(Comparison, ACaseWhoseStatusChangedIsNotPartOfTheRunsReference) {
  // a failed in the candidate after epochs twice as slow; b really is 30 % slower; c unchanged.
  // Taken against c alone, b is 1.3x slower. Had a's epochs counted, the run's "others" would
  // be sqrt(2)x slower and b would look faster than them.
  const Comparison c =
      compare_results({timed_case("a", kBase), timed_case("b", kBase), timed_case("c", kBase)},
                      {timed_case("a", scaled(kBase, 2.0), results::Status::failed),
                       timed_case("b", scaled(kBase, 1.3)), timed_case("c", kBase)},
                      {});
  ASSERT_EQ(c.rows.size(), 3u);
  EXPECT_TRUE(c.rows[0].regression);  // ok -> failed
  EXPECT_EQ(c.rows[1].verdict, Verdict::slower);
  EXPECT_NEAR(c.rows[1].relative.value, 1.0 / 1.3, kRatioTolerance);
}

TEST(Comparison, SameAndInconclusiveVerdictsNeedNoRelativeCheck) {
  // b is 1.2x slower, which leaves a (unchanged) 1.1x "faster" than the rest: a's own interval
  // says same, and that stands.
  const Comparison c = compare_three(1.0, 1.2, 1.2);
  EXPECT_EQ(c.rows[0].verdict, Verdict::same);
  EXPECT_TRUE(c.rows[0].note.empty());
  EXPECT_FALSE(c.rows[0].relative.valid());
  EXPECT_EQ(c.rows[0].relative.value, 0.0);
  EXPECT_TRUE(comparison_json(c).at("rows").at(0).at("relative_speedup").is_null());
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
