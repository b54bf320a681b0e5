#include "workload/windows.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "common/error.hpp"

namespace lstmbench::workload {
namespace {

void fill_windows(const std::vector<double>& series, std::size_t seq_len, std::size_t start,
                  std::size_t count, double mean, double stddev, std::vector<float>& x,
                  std::vector<float>& y) {
  x.resize(count * seq_len);
  y.resize(count);
  for (std::size_t w = 0; w < count; ++w) {
    const std::size_t t = start + w;
    for (std::size_t s = 0; s < seq_len; ++s)
      x[w * seq_len + s] = static_cast<float>((series[t + s] - mean) / stddev);
    y[w] = static_cast<float>((series[t + seq_len] - mean) / stddev);
  }
}

}  // namespace

SplitPlan plan_split(int seq_len, std::size_t num_train, std::size_t num_val) {
  const auto steps = static_cast<std::size_t>(seq_len);
  SplitPlan plan;
  plan.num_train = num_train;
  plan.num_val = num_val;
  plan.val_start = num_train + steps;
  plan.length = num_val > 0 ? plan.val_start + num_val + steps : num_train + steps;
  return plan;
}

Workload cut_windows(const std::vector<double>& series, int seq_len, const SplitPlan& plan,
                     const std::string& source) {
  const auto steps = static_cast<std::size_t>(seq_len);
  const std::size_t train_values = plan.num_train + steps;

  // Two passes in double: the one-pass formula loses digits when |mean| >> stddev (prices).
  double sum = 0.0;
  for (std::size_t t = 0; t < train_values; ++t) sum += series[t];
  const double mean = sum / static_cast<double>(train_values);
  double squares = 0.0;
  for (std::size_t t = 0; t < train_values; ++t) squares += (series[t] - mean) * (series[t] - mean);
  const double stddev = std::sqrt(squares / static_cast<double>(train_values));
  if (!(stddev > 1e-12 * std::max(1.0, std::abs(mean)))) {
    throw Error(source, fmt::format("the {} values the training windows use are constant ({}), "
                                    "so they cannot be standardised",
                                    train_values, mean));
  }

  Workload workload;
  workload.seq_len = seq_len;
  workload.input_size = 1;
  workload.num_train = plan.num_train;
  workload.num_val = plan.num_val;
  workload.mean = mean;
  workload.stddev = stddev;
  fill_windows(series, steps, 0, plan.num_train, mean, stddev, workload.train_x, workload.train_y);
  fill_windows(series, steps, plan.val_start, plan.num_val, mean, stddev, workload.val_x,
               workload.val_y);
  return workload;
}

}  // namespace lstmbench::workload
