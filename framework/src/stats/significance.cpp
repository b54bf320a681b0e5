#include "stats/significance.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <cstddef>
#include <utility>
#include <vector>

#include "stats/summary.hpp"

namespace lstmbench::stats {

TestResult welch_t_test(std::span<const double> a, std::span<const double> b) {
  TestResult result;
  if (a.size() < 2 || b.size() < 2) return result;
  const Summary sa = summarize(a);
  const Summary sb = summarize(b);
  const double va = sa.stddev * sa.stddev / static_cast<double>(sa.count);
  const double vb = sb.stddev * sb.stddev / static_cast<double>(sb.count);
  const double diff = sa.mean - sb.mean;
  result.valid = true;
  if (va + vb == 0.0) {
    // Both samples constant: the t statistic is 0/0 or ±inf; decide on the means alone.
    result.statistic = diff == 0.0 ? 0.0 : std::copysign(INFINITY, diff);
    result.p_value = diff == 0.0 ? 1.0 : 0.0;
    return result;
  }
  result.statistic = diff / std::sqrt(va + vb);
  const double df =
      (va + vb) * (va + vb) /
      (va * va / static_cast<double>(sa.count - 1) + vb * vb / static_cast<double>(sb.count - 1));
  const boost::math::students_t t_dist(df);
  result.p_value =
      2.0 * boost::math::cdf(boost::math::complement(t_dist, std::abs(result.statistic)));
  return result;
}

TestResult mann_whitney_u(std::span<const double> a, std::span<const double> b) {
  TestResult result;
  if (a.empty() || b.empty()) return result;
  const auto n1 = static_cast<double>(a.size());
  const auto n2 = static_cast<double>(b.size());

  // Rank the pooled sample (average ranks for ties), remembering which sample each value is from.
  std::vector<std::pair<double, bool>> pooled;  // (value, from a)
  pooled.reserve(a.size() + b.size());
  for (const double v : a) pooled.emplace_back(v, true);
  for (const double v : b) pooled.emplace_back(v, false);
  std::sort(pooled.begin(), pooled.end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
  double rank_sum_a = 0.0;
  double tie_term = 0.0;  // sum of t^3 - t over groups of t tied values
  for (std::size_t i = 0; i < pooled.size();) {
    std::size_t j = i;
    while (j < pooled.size() && pooled[j].first == pooled[i].first) ++j;
    const double average_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
    for (std::size_t k = i; k < j; ++k)
      if (pooled[k].second) rank_sum_a += average_rank;
    const auto t = static_cast<double>(j - i);
    tie_term += t * t * t - t;
    i = j;
  }

  result.statistic = rank_sum_a - n1 * (n1 + 1.0) / 2.0;
  result.valid = true;
  const double n = n1 + n2;
  const double variance = n1 * n2 / 12.0 * ((n + 1.0) - tie_term / (n * (n - 1.0)));
  if (variance <= 0.0) return result;  // every value tied: no evidence of a difference, p = 1
  const double mean_u = n1 * n2 / 2.0;
  // Continuity correction: U moves in steps of 1 (0.5 towards the mean, as scipy does).
  const double deviation = std::max(std::abs(result.statistic - mean_u) - 0.5, 0.0);
  const double z = deviation / std::sqrt(variance);
  const boost::math::normal normal;
  result.p_value = std::min(1.0, 2.0 * boost::math::cdf(boost::math::complement(normal, z)));
  return result;
}

}  // namespace lstmbench::stats
