// Two-sample significance tests for `lstmbench compare`: is the candidate's epoch time really
// different from the baseline's, or is the difference within run-to-run noise? Welch's t-test
// (unequal variances; oneDNN's CI and hyperfine's welch_ttest.py use a t-test) and the
// Mann-Whitney U test (Google Benchmark's compare.py), which does not assume normal times.
#pragma once

#include <span>

namespace lstmbench::stats {

struct TestResult {
  double statistic = 0.0;  // t for Welch, U of the first sample for Mann-Whitney
  double p_value = 1.0;    // two-sided
  bool valid = false;      // false when the samples are too small to test (p_value is then 1)
};

// Welch's unequal-variance t-test, two-sided, Welch-Satterthwaite degrees of freedom.
// REQUIRES: nothing; RETURNS valid=false when either sample has fewer than 2 values. Two samples
// with zero variance give p = 1 when their means are equal and p = 0 otherwise.
TestResult welch_t_test(std::span<const double> a, std::span<const double> b);

// Mann-Whitney U test, two-sided, normal approximation with tie and continuity corrections
// (scipy.stats.mannwhitneyu(method="asymptotic"), the default for samples with ties).
// RETURNS valid=false when either sample is empty. With fewer than about 8 values per sample
// the approximation is rough; compare.py warns below 9 repetitions for the same reason.
TestResult mann_whitney_u(std::span<const double> a, std::span<const double> b);

}  // namespace lstmbench::stats
