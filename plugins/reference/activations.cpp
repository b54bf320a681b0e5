#include "activations.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace lstmbench::reference {

std::optional<Activation> parse_activation(std::string_view name) {
  if (name == "tanh") return Activation::kTanh;
  if (name == "sigmoid") return Activation::kSigmoid;
  if (name == "hard_sigmoid") return Activation::kHardSigmoid;
  if (name == "relu") return Activation::kRelu;
  if (name == "linear") return Activation::kLinear;
  return std::nullopt;
}

std::string_view activation_name(Activation activation) {
  switch (activation) {
    case Activation::kTanh:
      return "tanh";
    case Activation::kSigmoid:
      return "sigmoid";
    case Activation::kHardSigmoid:
      return "hard_sigmoid";
    case Activation::kRelu:
      return "relu";
    case Activation::kLinear:
      return "linear";
  }
  return "?";
}

void activate(Activation activation, std::span<const double> x, std::span<double> y) {
  const std::size_t n = x.size();
  switch (activation) {
    case Activation::kTanh:
      for (std::size_t i = 0; i < n; ++i) y[i] = std::tanh(x[i]);
      break;
    case Activation::kSigmoid:
      for (std::size_t i = 0; i < n; ++i) y[i] = 1.0 / (1.0 + std::exp(-x[i]));
      break;
    case Activation::kHardSigmoid:
      for (std::size_t i = 0; i < n; ++i) y[i] = std::clamp(x[i] / 6.0 + 0.5, 0.0, 1.0);
      break;
    case Activation::kRelu:
      for (std::size_t i = 0; i < n; ++i) y[i] = std::max(x[i], 0.0);
      break;
    case Activation::kLinear:
      for (std::size_t i = 0; i < n; ++i) y[i] = x[i];
      break;
  }
}

void multiply_by_derivative(Activation activation, std::span<const double> y,
                            std::span<double> grad) {
  const std::size_t n = y.size();
  switch (activation) {
    case Activation::kTanh:
      for (std::size_t i = 0; i < n; ++i) grad[i] *= 1.0 - y[i] * y[i];
      break;
    case Activation::kSigmoid:
      for (std::size_t i = 0; i < n; ++i) grad[i] *= y[i] * (1.0 - y[i]);
      break;
    case Activation::kHardSigmoid:
      // Strictly inside (0, 1) means strictly inside the linear piece -3 < x < 3.
      for (std::size_t i = 0; i < n; ++i) grad[i] *= (y[i] > 0.0 && y[i] < 1.0) ? 1.0 / 6.0 : 0.0;
      break;
    case Activation::kRelu:
      for (std::size_t i = 0; i < n; ++i) grad[i] *= y[i] > 0.0 ? 1.0 : 0.0;
      break;
    case Activation::kLinear:
      break;
  }
}

}  // namespace lstmbench::reference
