#include "stats/summary.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace lstmbench::stats {
namespace {

// Quantile q of sorted values by linear interpolation between the closest ranks: numpy's
// default ("linear", Hyndman & Fan type 7), so a p95 here matches np.percentile(x, 95).
double quantile_sorted(const std::vector<double>& sorted, double q) {
  const double position = q * static_cast<double>(sorted.size() - 1);
  const auto lower = static_cast<std::size_t>(std::floor(position));
  const std::size_t upper = std::min(lower + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(lower);
  return sorted[lower] + fraction * (sorted[upper] - sorted[lower]);
}

}  // namespace

Summary summarize(std::span<const double> values) {
  Summary summary;
  if (values.empty()) return summary;

  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  const auto n = static_cast<double>(sorted.size());

  summary.count = sorted.size();
  summary.min = sorted.front();
  summary.max = sorted.back();
  summary.mean = std::accumulate(sorted.begin(), sorted.end(), 0.0) / n;
  summary.median = quantile_sorted(sorted, 0.5);
  summary.p95 = quantile_sorted(sorted, 0.95);
  if (sorted.size() > 1) {
    // Two-pass (deviations from the mean) rather than sum-of-squares: epoch times are large
    // numbers with small spread, where the one-pass formula cancels catastrophically.
    double squares = 0.0;
    for (const double v : sorted) squares += (v - summary.mean) * (v - summary.mean);
    summary.stddev = std::sqrt(squares / (n - 1.0));
  }
  return summary;
}

}  // namespace lstmbench::stats
