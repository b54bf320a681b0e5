#include "workload/synthetic_series.hpp"

#include <cmath>
#include <numbers>

#include "workload/random_stream.hpp"

namespace lstmbench::workload {

std::vector<double> synthetic_series(std::uint64_t seed, std::size_t length) {
  RandomStream random(seed, Stream::kSeries);
  std::array<double, kSineComponents.size()> phases{};
  for (double& phase : phases) phase = random.uniform(0.0, 2.0 * std::numbers::pi);

  std::vector<double> series(length);
  for (std::size_t t = 0; t < length; ++t) {
    double value = 0.0;
    for (std::size_t k = 0; k < kSineComponents.size(); ++k) {
      const SineComponent& c = kSineComponents[k];
      value +=
          c.amplitude *
          std::sin(2.0 * std::numbers::pi * static_cast<double>(t) / c.period_steps + phases[k]);
    }
    series[t] = value + kNoiseStddev * random.normal();
  }
  return series;
}

}  // namespace lstmbench::workload
