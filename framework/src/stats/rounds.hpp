// Statistics over rounds. On a shared machine the epochs of one run are not independent samples:
// the machine drifts between fast and slow phases that last many epochs. Rounds interleave every
// case's epochs in a random order, so a phase hits all cases alike; a round's mean epoch time is
// the sample, and two cases are compared through their per-round ratios (paired: both saw the
// same phase). Everything is computed on logarithms: times are positive and ratios multiplicative,
// so 2x and 0.5x are symmetric. A case's own interval is a Student-t interval; a paired speed-up
// is the median of the per-round ratios with a distribution-free (sign-test) interval, because on
// a shared machine a few rounds land in a slow phase for one case only and would drag a mean.
#pragma once

#include <limits>
#include <span>
#include <string>
#include <vector>

#include "results/case_result.hpp"

namespace lstmbench::stats {

// A multiplicative estimate with its 95 % interval: value in [low, high]. With fewer than two
// samples the interval is unknown (low = high = NaN, valid() false).
struct Interval {
  double value = 0.0;
  double low = 0.0;
  double high = 0.0;
  int samples = 0;
  bool valid() const { return samples >= 2 && low == low && high == high; }
  // Half the interval's width relative to the value: the "±x %" people read.
  double rel_half_width() const {
    return valid() ? (high - low) / (2.0 * value) : std::numeric_limits<double>::quiet_NaN();
  }
};

// RETURNS: the mean timed epoch time of each round the case ran, in round order (rounds with no
// timed epoch are left out). Results without round numbers (older files) give one round per
// timed epoch, which is what they are: no better than epochs.
std::vector<double> round_means_ms(const results::CaseResult& result);

// RETURNS: the geometric mean of positive samples with its 95 % t-interval.
Interval geometric_interval(std::span<const double> samples, double confidence = 0.95);

// RETURNS: the speed-up of b over a (a's time / b's time: > 1 means b is faster) from rounds
// paired by position: the median of the per-round ratios, with the interval between two of its
// order statistics that holds the median with at least 95 % confidence whatever the ratios'
// distribution (invalid below 6 rounds). Only the first min(a.size(), b.size()) rounds are
// paired.
Interval paired_speedup(std::span<const double> a_round_ms, std::span<const double> b_round_ms,
                        double confidence = 0.95);

// A log speed-up estimated from unpaired samples (mean log of a minus mean log of b), with the
// variance of that estimate and its Welch-Satterthwaite degrees of freedom: what an unpaired
// interval is made of, kept so that estimates can be combined (a case's change against the
// others of its run) before an interval is drawn. variance is NaN with fewer than two samples
// on a side; df is NaN when the variance is zero.
struct LogSpeedup {
  double estimate = std::numeric_limits<double>::quiet_NaN();
  double variance = std::numeric_limits<double>::quiet_NaN();
  double df = std::numeric_limits<double>::quiet_NaN();
  int samples = 0;  // the smaller side's sample count
  bool has_variance() const { return variance >= 0.0; }
};

// RETURNS: the log speed-up of b over a from their round means (positive, finite ones only),
// with Welch's variance: for runs that did not share their rounds, e.g. two separate runs
// given to `compare`. speedup_interval turns it into a speed-up with its interval.
LogSpeedup unpaired_log_speedup(std::span<const double> a_round_ms,
                                std::span<const double> b_round_ms);

// RETURNS: sum_k weights[k] * terms[k], the terms taken as independent; degrees of freedom by
// Welch-Satterthwaite. REQUIRES: terms.size() == weights.size(), every term has_variance().
LogSpeedup weighted_sum(std::span<const LogSpeedup> terms, std::span<const double> weights);

// RETURNS: the speed-up exp(estimate) with its t-interval (invalid without a variance).
Interval speedup_interval(const LogSpeedup& log_speedup, double confidence = 0.95);

// The coefficient of variation (stddev / mean) of the round means; NaN with fewer than two.
double round_cv(std::span<const double> round_ms);

// "1.93× [1.85, 2.02]", or "1.93×" when the interval is unknown.
std::string format_speedup(const Interval& speedup);

}  // namespace lstmbench::stats
