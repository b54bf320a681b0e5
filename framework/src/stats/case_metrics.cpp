#include "stats/case_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>

#include "stats/flops.hpp"

namespace lstmbench::stats {
namespace {

// The workload is a univariate series (docs/workload.md): the first LSTM layer reads one feature.
constexpr std::int64_t kInputSize = 1;

}  // namespace

std::span<const double> timed_epochs(const results::CaseResult& result) {
  // Warm-up epochs are the first spec.warmup_epochs entries; a run that stopped before they were
  // over (failure, divergence) has no timed epochs.
  const std::span<const double> all(result.epoch_ms);
  const auto warmup = static_cast<std::size_t>(std::max(result.spec.warmup_epochs, 0));
  return all.subspan(std::min(warmup, all.size()));
}

double time_to_target_ms(const results::CaseResult& result) {
  const double target = result.spec.target_loss;
  if (!(target > 0.0)) return std::numeric_limits<double>::quiet_NaN();
  // Warm-up epochs are neither counted nor checked: their time holds compilation and tuning.
  const std::span<const double> times = timed_epochs(result);
  const std::size_t first = result.epoch_ms.size() - times.size();
  double elapsed = 0.0;
  for (std::size_t e = 0; e < times.size(); ++e) {
    elapsed += times[e];
    const std::size_t epoch = first + e;
    if (epoch < result.train_loss.size() && result.train_loss[epoch] <= target) return elapsed;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

CaseMetrics case_metrics(const results::CaseResult& result) {
  CaseMetrics metrics;
  // Without timed epochs the summary is all zeros (count 0).
  metrics.epoch_ms = summarize(timed_epochs(result));
  if (!result.epoch_ms.empty()) metrics.first_epoch_ms = result.epoch_ms.front();

  metrics.first_train_loss = result.train_loss.empty() ? std::numeric_limits<double>::quiet_NaN()
                                                       : result.train_loss.front();
  metrics.final_train_loss = result.train_loss.empty() ? std::numeric_limits<double>::quiet_NaN()
                                                       : result.train_loss.back();

  // Rates need a positive mean time; without timed epochs they stay 0 (never inf or NaN).
  if (metrics.epoch_ms.count > 0 && metrics.epoch_ms.mean > 0.0) {
    const double epoch_s = metrics.epoch_ms.mean / 1000.0;
    const auto& spec = result.spec;
    const double steps = static_cast<double>(result.steps_per_epoch);
    metrics.samples_per_s = steps * static_cast<double>(spec.batch_size) / epoch_s;
    metrics.gflops = steps *
                     training_step_flops(spec.batch_size, spec.seq_len, kInputSize,
                                         spec.hidden_size, spec.num_layers) /
                     epoch_s / 1e9;
    metrics.gemm_gflops = steps *
                          lstm_gemm_step_flops(spec.batch_size, spec.seq_len, kInputSize,
                                               spec.hidden_size, spec.num_layers) /
                          epoch_s / 1e9;
    if (std::isfinite(result.gemm_ceiling_gflops) && result.gemm_ceiling_gflops > 0.0)
      metrics.pct_of_ceiling = 100.0 * metrics.gemm_gflops / result.gemm_ceiling_gflops;
  }
  metrics.time_to_target_ms = time_to_target_ms(result);
  return metrics;
}

}  // namespace lstmbench::stats
