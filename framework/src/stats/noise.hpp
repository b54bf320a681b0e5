// Whether a case's times can be trusted, and if not, why (docs/measuring.md "Noise you can see"):
// the hypervisor's steal time and other processes' load during its timed epochs, the spread
// of its round means, and on a GPU how far its SM clock fell below the highest it reached.
#pragma once

#include <string>

#include "results/case_result.hpp"

namespace lstmbench::stats {

// Thresholds above which a case is flagged noisy; docs/measuring.md says why each is what it is.
inline constexpr double kNoisySteal = 0.05;
inline constexpr double kNoisyOtherCpu = 0.25;
inline constexpr double kNoisyRoundCv = 0.10;
inline constexpr double kNoisyGpuClockDrop = 0.05;

struct NoiseSummary {
  double steal = 0.0;      // time-weighted share over the timed epochs; NaN unknown
  double other_cpu = 0.0;  // same
  double round_cv = 0.0;   // coefficient of variation of the round means; NaN below 2 rounds
  // GPU SM clock over the timed epochs (MHz); NaN where none was sampled.
  double gpu_clock_min_mhz = 0.0;
  double gpu_clock_max_mhz = 0.0;
  bool noisy = false;
  std::string reason;  // "18 % of CPU time stolen by the hypervisor; CV 24 %" when noisy
};

NoiseSummary noise_summary(const results::CaseResult& result);

}  // namespace lstmbench::stats
