#include "stats/rounds.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <map>

#include "stats/case_metrics.hpp"
#include "stats/summary.hpp"

namespace lstmbench::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The two-sided quantile of Student's t for an interval of this confidence. Degrees of freedom
// that are not a positive finite number (a Welch-Satterthwaite ratio that underflowed) are taken
// as infinite: the normal quantile.
double t_quantile(double degrees_of_freedom, double confidence) {
  const double tail = (1.0 - confidence) / 2.0;
  if (!(degrees_of_freedom > 0) || !std::isfinite(degrees_of_freedom))
    return boost::math::quantile(boost::math::complement(boost::math::normal(), tail));
  return boost::math::quantile(
      boost::math::complement(boost::math::students_t(degrees_of_freedom), tail));
}

Interval interval_of_logs(const std::vector<double>& logs, double confidence) {
  Interval out;
  out.samples = static_cast<int>(logs.size());
  if (logs.empty()) return {kNaN, kNaN, kNaN, 0};
  const Summary s = summarize(logs);
  out.value = std::exp(s.mean);
  if (logs.size() < 2) {
    out.low = out.high = kNaN;
    return out;
  }
  const double half = t_quantile(static_cast<double>(logs.size() - 1), confidence) * s.stddev /
                      std::sqrt(static_cast<double>(logs.size()));
  out.low = std::exp(s.mean - half);
  out.high = std::exp(s.mean + half);
  return out;
}

// The median of sorted values.
double median_of_sorted(const std::vector<double>& x) {
  const std::size_t n = x.size();
  return n % 2 == 1 ? x[n / 2] : 0.5 * (x[n / 2 - 1] + x[n / 2]);
}

// The median of the logs with its distribution-free interval: the k-th smallest and k-th largest
// value, k the largest count with P(Binomial(n, 1/2) < k) <= (1 - confidence) / 2, so the median
// lies between them with at least that confidence whatever the distribution (the sign test's
// interval). Needs no normality: round ratios on a shared machine have heavy tails, where one
// outlier round moves a mean but not a median. Below 6 samples no k exists at 95 %.
Interval median_interval_of_logs(std::vector<double> logs, double confidence) {
  if (logs.empty()) return {kNaN, kNaN, kNaN, 0};
  std::sort(logs.begin(), logs.end());
  const std::size_t n = logs.size();
  Interval out;
  out.samples = static_cast<int>(n);
  out.value = std::exp(median_of_sorted(logs));
  out.low = out.high = kNaN;
  const boost::math::binomial_distribution<double> signs(static_cast<double>(n), 0.5);
  const double tail = (1.0 - confidence) / 2.0;
  std::size_t k = 0;  // how many values are cut from each end, plus one
  while (k + 1 <= n / 2 && boost::math::cdf(signs, static_cast<double>(k)) <= tail) ++k;
  if (k == 0) return out;
  out.low = std::exp(logs[k - 1]);
  out.high = std::exp(logs[n - k]);
  return out;
}

}  // namespace

std::vector<double> round_means_ms(const results::CaseResult& result) {
  const std::span<const double> timed = timed_epochs(result);
  const std::size_t first = result.epoch_ms.size() - timed.size();
  std::vector<double> means;
  if (result.epoch_round.size() != result.epoch_ms.size()) {
    for (double ms : timed)
      if (ms > 0 && std::isfinite(ms)) means.push_back(ms);
    return means;
  }
  std::map<int, std::pair<double, int>> by_round;  // round -> (sum, count)
  for (std::size_t i = first; i < result.epoch_ms.size(); ++i) {
    const double ms = result.epoch_ms[i];
    if (!(ms > 0) || !std::isfinite(ms)) continue;
    auto& [sum, count] = by_round[result.epoch_round[i]];
    sum += ms;
    ++count;
  }
  for (const auto& [round, sum_count] : by_round)
    means.push_back(sum_count.first / sum_count.second);
  return means;
}

Interval geometric_interval(std::span<const double> samples, double confidence) {
  std::vector<double> logs;
  for (double x : samples)
    if (x > 0 && std::isfinite(x)) logs.push_back(std::log(x));
  return interval_of_logs(logs, confidence);
}

Interval paired_speedup(std::span<const double> a_round_ms, std::span<const double> b_round_ms,
                        double confidence) {
  std::vector<double> logs;
  const std::size_t n = std::min(a_round_ms.size(), b_round_ms.size());
  for (std::size_t i = 0; i < n; ++i)
    if (a_round_ms[i] > 0 && b_round_ms[i] > 0)
      logs.push_back(std::log(a_round_ms[i]) - std::log(b_round_ms[i]));
  return median_interval_of_logs(std::move(logs), confidence);
}

LogSpeedup unpaired_log_speedup(std::span<const double> a_round_ms,
                                std::span<const double> b_round_ms) {
  std::vector<double> la, lb;
  for (double x : a_round_ms)
    if (x > 0 && std::isfinite(x)) la.push_back(std::log(x));
  for (double x : b_round_ms)
    if (x > 0 && std::isfinite(x)) lb.push_back(std::log(x));
  LogSpeedup out;
  out.samples = static_cast<int>(std::min(la.size(), lb.size()));
  if (la.empty() || lb.empty()) return out;
  const Summary sa = summarize(la), sb = summarize(lb);
  out.estimate = sa.mean - sb.mean;
  if (la.size() < 2 || lb.size() < 2) return out;
  const double va = sa.stddev * sa.stddev / static_cast<double>(la.size());
  const double vb = sb.stddev * sb.stddev / static_cast<double>(lb.size());
  out.variance = va + vb;
  if (out.variance > 0)
    out.df = out.variance * out.variance /
             (va * va / static_cast<double>(la.size() - 1) +
              vb * vb / static_cast<double>(lb.size() - 1));
  return out;
}

LogSpeedup weighted_sum(std::span<const LogSpeedup> terms, std::span<const double> weights) {
  LogSpeedup out;
  out.estimate = 0.0;
  out.variance = 0.0;
  out.samples = std::numeric_limits<int>::max();
  double df_denominator = 0.0;
  for (std::size_t k = 0; k < terms.size(); ++k) {
    const double part = weights[k] * weights[k] * terms[k].variance;
    out.estimate += weights[k] * terms[k].estimate;
    out.variance += part;
    if (part > 0) df_denominator += part * part / terms[k].df;
    out.samples = std::min(out.samples, terms[k].samples);
  }
  if (terms.empty()) out.samples = 0;
  if (out.variance > 0) out.df = out.variance * out.variance / df_denominator;
  return out;
}

Interval speedup_interval(const LogSpeedup& log_speedup, double confidence) {
  if (!std::isfinite(log_speedup.estimate)) return {kNaN, kNaN, kNaN, 0};
  Interval out;
  out.samples = log_speedup.samples;
  out.value = std::exp(log_speedup.estimate);
  if (!log_speedup.has_variance()) {
    out.low = out.high = kNaN;
    return out;
  }
  const double half = log_speedup.variance > 0
                          ? t_quantile(log_speedup.df, confidence) * std::sqrt(log_speedup.variance)
                          : 0.0;
  out.low = std::exp(log_speedup.estimate - half);
  out.high = std::exp(log_speedup.estimate + half);
  return out;
}

double round_cv(std::span<const double> round_ms) {
  if (round_ms.size() < 2) return kNaN;
  const Summary s = summarize(round_ms);
  return s.mean > 0 ? s.stddev / s.mean : kNaN;
}

namespace {

// Three significant digits, keeping trailing zeros (14.0, not 14) so a column reads evenly.
std::string three_digits(double x) {
  if (x >= 100) return fmt::format("{:.0f}", x);
  if (x >= 10) return fmt::format("{:.1f}", x);
  if (x >= 1) return fmt::format("{:.2f}", x);
  return fmt::format("{:.3g}", x);
}

}  // namespace

std::string format_speedup(const Interval& speedup) {
  if (!(speedup.value > 0)) return "—";
  if (!speedup.valid()) return three_digits(speedup.value) + "×";
  return fmt::format("{}× [{}, {}]", three_digits(speedup.value), three_digits(speedup.low),
                     three_digits(speedup.high));
}

}  // namespace lstmbench::stats
