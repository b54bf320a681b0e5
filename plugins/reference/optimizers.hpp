// The two optimizers a case may name, updating the flat float64 parameter vector in place.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace lstmbench::reference {

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  // REQUIRES: parameters and gradient have the size the optimizer was made for.
  // Applies one update to parameters given d loss / d parameters.
  virtual void step(std::span<double> parameters, std::span<const double> gradient) = 0;
};

// Plain gradient descent: w -= lr * g.
class Sgd : public Optimizer {
 public:
  explicit Sgd(double learning_rate) : learning_rate_(learning_rate) {}
  void step(std::span<double> parameters, std::span<const double> gradient) override;

 private:
  double learning_rate_;
};

struct AdamSettings {
  double learning_rate = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double epsilon = 1e-7;
};

// Adam in Keras's "epsilon-hat" form (Kingma & Ba, end of section 2), which folds the bias
// corrections into the step size instead of correcting m and v:
//   t += 1;  alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
//   m = beta1 m + (1 - beta1) g;  v = beta2 v + (1 - beta2) g^2
//   w -= alpha * m / (sqrt(v) + epsilon)
// It differs from the textbook form only in where epsilon sits, which matters for tiny v.
class Adam : public Optimizer {
 public:
  Adam(const AdamSettings& settings, std::size_t num_parameters);
  void step(std::span<double> parameters, std::span<const double> gradient) override;
  std::int64_t steps_taken() const { return t_; }

 private:
  AdamSettings settings_;
  std::int64_t t_ = 0;
  std::vector<double> m_;  // first moment, starts at 0
  std::vector<double> v_;  // second moment, starts at 0
};

}  // namespace lstmbench::reference
