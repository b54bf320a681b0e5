// The metrics every report shows, derived from a CaseResult in one place (docs/metrics.md).
#pragma once

#include <limits>
#include <span>

#include "results/case_result.hpp"
#include "stats/summary.hpp"

namespace lstmbench::stats {

struct CaseMetrics {
  Summary epoch_ms;               // timed epochs only (warm-up epochs excluded)
  double first_epoch_ms = 0.0;    // epoch 1 alone: where compilation and autotuning show; 0 if none
  double samples_per_s = 0.0;     // steps_per_epoch * batch_size / mean epoch seconds
  double gflops = 0.0;            // training FLOPs per epoch (flops.hpp) / mean epoch seconds / 1e9
  double first_train_loss = 0.0;  // epoch 1's: every fp32 backend starts from the same point,
                                  // so this is where they must agree; NaN when no epoch ran
  double final_train_loss = 0.0;  // NaN when no epoch ran
  // The LSTM GEMMs alone (lstm_gemm_step_flops) per mean epoch second / 1e9; 0 when not timed.
  double gemm_gflops = 0.0;
  // 100 * gemm_gflops / the backend's GEMM ceiling; NaN without a ceiling or timed epochs.
  double pct_of_ceiling = std::numeric_limits<double>::quiet_NaN();
  // With spec.target_loss set: the summed times of the timed epochs up to and including the
  // first whose training loss is at or below it; NaN when unset or never reached.
  double time_to_target_ms = std::numeric_limits<double>::quiet_NaN();
};

CaseMetrics case_metrics(const results::CaseResult& result);

// With spec.target_loss set: wall time (ms) of the timed epochs until the training loss first
// reached it, that epoch included; NaN when no target is set or the loss never got there.
double time_to_target_ms(const results::CaseResult& result);

// The epochs that count for timing: those after the first spec.warmup_epochs (empty if the run
// stopped before warm-up was over).
std::span<const double> timed_epochs(const results::CaseResult& result);

}  // namespace lstmbench::stats
