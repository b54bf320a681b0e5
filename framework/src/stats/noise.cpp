#include "stats/noise.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

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

}  // namespace

NoiseSummary noise_summary(const results::CaseResult& result) {
  NoiseSummary s;
  s.steal = weighted_share(result, result.epoch_steal);
  s.other_cpu = weighted_share(result, result.epoch_other_cpu);
  s.round_cv = round_cv(round_means_ms(result));
  auto add = [&](const std::string& why) {
    s.reason += (s.reason.empty() ? "" : "; ") + why;
    s.noisy = true;
  };
  if (s.steal > kNoisySteal)
    add(fmt::format("{:.0f} % of CPU time stolen by the hypervisor", 100 * s.steal));
  if (s.other_cpu > kNoisyOtherCpu)
    add(fmt::format("other processes used {:.0f} % of the machine's CPU", 100 * s.other_cpu));
  if (s.round_cv > kNoisyRoundCv) add(fmt::format("CV {:.0f} %", 100 * s.round_cv));
  return s;
}

}  // namespace lstmbench::stats
