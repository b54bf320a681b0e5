#include "stats/noise.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>
#include <utility>

#include "stats/rounds.hpp"

namespace lstmbench::stats {
namespace {

// The share over the timed epochs, each epoch weighted by its duration (a share of a long
// epoch is more CPU time than the same share of a short one). NaN when no epoch has a value.
double weighted_share(const results::CaseResult& r, const std::vector<double>& share) {
  const std::size_t warmup = static_cast<std::size_t>(std::max(r.spec.warmup_epochs, 0));
  double sum = 0.0, weight = 0.0;
  for (std::size_t i = warmup; i < share.size() && i < r.epoch_ms.size(); ++i) {
    if (!std::isfinite(share[i]) || !(r.epoch_ms[i] > 0)) continue;
    sum += share[i] * r.epoch_ms[i];
    weight += r.epoch_ms[i];
  }
  return weight > 0 ? sum / weight : std::numeric_limits<double>::quiet_NaN();
}

// The lowest and highest finite value over the timed epochs; NaN, NaN when there is none.
std::pair<double, double> timed_range(const results::CaseResult& r,
                                      const std::vector<double>& series) {
  const std::size_t warmup = static_cast<std::size_t>(std::max(r.spec.warmup_epochs, 0));
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (std::size_t i = warmup; i < series.size(); ++i)
    if (std::isfinite(series[i])) {
      lo = std::min(lo, series[i]);
      hi = std::max(hi, series[i]);
    }
  if (lo > hi)
    return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
  return {lo, hi};
}

}  // namespace

NoiseSummary noise_summary(const results::CaseResult& result) {
  NoiseSummary s;
  s.steal = weighted_share(result, result.epoch_steal);
  s.other_cpu = weighted_share(result, result.epoch_other_cpu);
  s.round_cv = round_cv(round_means_ms(result));
  std::tie(s.gpu_clock_min_mhz, s.gpu_clock_max_mhz) =
      timed_range(result, result.epoch_gpu_clock_mhz);
  auto add = [&](const std::string& why) {
    s.reason += (s.reason.empty() ? "" : "; ") + why;
    s.noisy = true;
  };
  if (s.steal > kNoisySteal)
    add(fmt::format("{:.0f} % of CPU time stolen by the hypervisor", 100 * s.steal));
  if (s.other_cpu > kNoisyOtherCpu)
    add(fmt::format("other processes used {:.0f} % of the machine's CPU", 100 * s.other_cpu));
  if (s.round_cv > kNoisyRoundCv) add(fmt::format("CV {:.0f} %", 100 * s.round_cv));
  // Thermal or power capping, or another job on the card, shows as a clock that falls.
  if (s.gpu_clock_max_mhz > 0 &&
      1.0 - s.gpu_clock_min_mhz / s.gpu_clock_max_mhz > kNoisyGpuClockDrop)
    add(fmt::format("GPU SM clock ranged {:.0f}-{:.0f} MHz", s.gpu_clock_min_mhz,
                    s.gpu_clock_max_mhz));
  return s;
}

}  // namespace lstmbench::stats
