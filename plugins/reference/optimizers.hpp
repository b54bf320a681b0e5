// The two optimizers a case may name, updating the flat float64 parameter vector in place.
#pragma once

#include <cstddef>
#include <cstdint>
#include <lstmbench/keras_adam.hpp>
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

using sdk::AdamSettings;

// Adam in Keras's "epsilon-hat" form, in double: the SDK's one definition
// (lstmbench/keras_adam.hpp), which states the equations.
class Adam : public Optimizer {
 public:
  Adam(const AdamSettings& settings, std::size_t num_parameters);
  void step(std::span<double> parameters, std::span<const double> gradient) override;
  std::int64_t steps_taken() const { return clock_.steps_taken(); }

 private:
  sdk::AdamClock clock_;
  std::vector<double> m_;  // first moment, starts at 0
  std::vector<double> v_;  // second moment, starts at 0
};

}  // namespace lstmbench::reference
