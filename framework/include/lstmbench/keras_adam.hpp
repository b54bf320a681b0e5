// Adam as Keras computes it (the "epsilon-hat" form of Kingma & Ba, end of section 2), one
// definition for every backend written in C++:
//   t += 1 (t counts from 1);  alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)   in double
//   m = beta1 m + (1 - beta1) g;  v = beta2 v + (1 - beta2) g^2                 m, v start at 0
//   w -= alpha * m / (sqrt(v) + epsilon)
// It folds the bias corrections into the step size instead of correcting m and v, so it differs
// from the textbook form only in where epsilon sits, which matters for tiny v. The state (t, m,
// v) lives as long as the session: it carries across epochs.
//
// The element update is a template over the element type: the reference backend runs it in
// double (it is the oracle), others in float inside their own vectorised loops.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>

namespace lstmbench::sdk {

struct AdamSettings {
  double learning_rate = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double epsilon = 1e-7;
};

// One step's constants in the element type T: the step size and the moments' weights.
template <class T>
struct AdamStep {
  T alpha;
  T beta1, one_minus_beta1;
  T beta2, one_minus_beta2;
  T epsilon;
};

// RETURNS: the constants of step t (t >= 1); alpha is computed in double, then converted.
template <class T>
AdamStep<T> adam_step(const AdamSettings& s, std::int64_t t) {
  const double td = static_cast<double>(t);
  const double alpha =
      s.learning_rate * std::sqrt(1.0 - std::pow(s.beta2, td)) / (1.0 - std::pow(s.beta1, td));
  return {static_cast<T>(alpha),   static_cast<T>(s.beta1),       static_cast<T>(1.0 - s.beta1),
          static_cast<T>(s.beta2), static_cast<T>(1.0 - s.beta2), static_cast<T>(s.epsilon)};
}

// One element's update (inline so a caller's loop vectorises it).
template <class T>
inline void adam_update(T& w, T g, T& m, T& v, const AdamStep<T>& k) {
  m = k.beta1 * m + k.one_minus_beta1 * g;
  v = k.beta2 * v + k.one_minus_beta2 * g * g;
  w -= k.alpha * m / (std::sqrt(v) + k.epsilon);
}

// The step counter: next() advances t and returns that step's constants.
class AdamClock {
 public:
  explicit AdamClock(const AdamSettings& settings) : settings_(settings) {}
  template <class T>
  AdamStep<T> next() {
    return adam_step<T>(settings_, ++t_);
  }
  std::int64_t steps_taken() const { return t_; }

 private:
  AdamSettings settings_;
  std::int64_t t_ = 0;
};

// REQUIRES: the four spans have the same length. One step over a flat parameter vector.
template <class T>
void adam_update(std::span<T> w, std::span<const T> g, std::span<T> m, std::span<T> v,
                 const AdamStep<T>& k) {
  if (g.size() != w.size() || m.size() != w.size() || v.size() != w.size())
    throw std::invalid_argument("adam_update: weights, gradient and moments must all have " +
                                std::to_string(w.size()) + " values");
  for (std::size_t i = 0; i < w.size(); ++i) adam_update(w[i], g[i], m[i], v[i], k);
}

}  // namespace lstmbench::sdk
