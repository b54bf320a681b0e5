// How two training runs are compared: the runner's verification, the conformance harness and a
// plugin's own tests all use these, so "agrees with the reference" means one thing everywhere
// (docs/verification.md).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace lstmbench {

// RETURNS: max_i |got_i - want_i| / max(|want_i|, floor): relative error with an absolute floor,
// so values near zero do not blow the ratio up; infinity if the sizes differ or a difference
// is not finite. want is the reference.
template <class A, class B>
double max_rel_error(const std::vector<A>& got, const std::vector<B>& want, double floor) {
  if (got.size() != want.size()) return INFINITY;
  double worst = 0.0;
  for (std::size_t i = 0; i < got.size(); ++i) {
    double diff = std::abs(static_cast<double>(got[i]) - static_cast<double>(want[i]));
    if (!std::isfinite(diff)) return INFINITY;
    worst = std::max(worst, diff / std::max(std::abs(static_cast<double>(want[i])), floor));
  }
  return worst;
}

// RETURNS: ‖got - want‖₂ / ‖want - start‖₂, the error of a weight update relative to its size
// (start: the weights both runs began from). Robust where a per-weight maximum is not: Adam
// moves every weight by about ±lr, so a weight whose gradient is below the rounding of a
// reduced precision may step the other way on correct code, while a wrong layout, gate or
// optimizer moves them all. A zero reference update (lr = 0) makes any difference infinite.
inline double update_error(const std::vector<float>& got, const std::vector<float>& want,
                           const std::vector<float>& start) {
  if (got.size() != want.size() || want.size() != start.size()) return INFINITY;
  double error = 0.0, update = 0.0;
  for (std::size_t i = 0; i < want.size(); ++i) {
    double d = static_cast<double>(got[i]) - want[i];
    double u = static_cast<double>(want[i]) - start[i];
    error += d * d;
    update += u * u;
  }
  if (!std::isfinite(error)) return INFINITY;
  if (update == 0.0) return error == 0.0 ? 0.0 : INFINITY;
  return std::sqrt(error / update);
}

}  // namespace lstmbench
