// The default series: a seeded sum of sines plus Gaussian noise (docs/workload.md). Smooth
// enough that an LSTM learns it within a few epochs, noisy enough that the loss does not reach
// zero, so loss curves of different backends can be told apart and compared.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace lstmbench::workload {

struct SineComponent {
  double period_steps;
  double amplitude;
};

// Documented in docs/workload.md; changing them changes every suite's data.
inline constexpr std::array<SineComponent, 3> kSineComponents = {{
    {100.0, 1.0},
    {37.0, 0.5},
    {11.0, 0.25},
}};
inline constexpr double kNoiseStddev = 0.1;

// RETURNS: `length` values; value t = sum_k a_k sin(2 pi t / p_k + phi_k) + 0.1 n_t, with the
// phases phi_k uniform in [0, 2 pi) drawn first from the series stream of `seed`, then the
// noise n_t ~ N(0, 1) in order of t. A longer series is an extension of a shorter one.
std::vector<double> synthetic_series(std::uint64_t seed, std::size_t length);

}  // namespace lstmbench::workload
