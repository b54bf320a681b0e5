// Summary statistics of a sample of times (epoch milliseconds, usually).
#pragma once

#include <cstddef>
#include <span>

namespace lstmbench::stats {

struct Summary {
  std::size_t count = 0;
  double mean = 0.0;
  double median = 0.0;
  double min = 0.0;
  double max = 0.0;
  double stddev = 0.0;  // sample standard deviation (n - 1); 0 for one value
  double p95 = 0.0;     // linear interpolation between closest ranks (numpy's default)
};

// RETURNS: the summary of values; all zeros (count 0) for an empty sample.
Summary summarize(std::span<const double> values);

}  // namespace lstmbench::stats
