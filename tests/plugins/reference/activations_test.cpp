#include "activations.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <random>
#include <vector>

namespace lstmbench::reference {
namespace {

constexpr std::array kAll = {Activation::kTanh, Activation::kSigmoid, Activation::kHardSigmoid,
                             Activation::kRelu, Activation::kLinear};

double apply(Activation a, double x) {
  double y = 0.0;
  activate(a, std::span<const double>(&x, 1), std::span<double>(&y, 1));
  return y;
}

double derivative(Activation a, double x) {
  double y = apply(a, x), grad = 1.0;
  multiply_by_derivative(a, std::span<const double>(&y, 1), std::span<double>(&grad, 1));
  return grad;
}

TEST(Activations, NamesRoundTrip) {
  for (Activation a : kAll) EXPECT_EQ(parse_activation(activation_name(a)), a);
  EXPECT_FALSE(parse_activation("gelu").has_value());
  EXPECT_FALSE(parse_activation("Tanh").has_value());
}

TEST(Activations, ValuesAreKeras3Definitions) {
  // Exact formulas; 1e-15 allows the one or two roundings each side does differently.
  for (double x : {-7.0, -3.0, -1.3, -0.2, 0.0, 0.4, 2.9, 3.0, 8.0}) {
    EXPECT_NEAR(apply(Activation::kTanh, x), std::tanh(x), 1e-15);
    EXPECT_NEAR(apply(Activation::kSigmoid, x), 1.0 / (1.0 + std::exp(-x)), 1e-15);
    // Keras 3: relu6(x + 3) / 6, not Keras 2's clip(0.2 x + 0.5, 0, 1).
    EXPECT_NEAR(apply(Activation::kHardSigmoid, x), std::min(std::max(x + 3.0, 0.0), 6.0) / 6.0,
                1e-15);
    EXPECT_EQ(apply(Activation::kRelu, x), x > 0 ? x : 0.0);
    EXPECT_EQ(apply(Activation::kLinear, x), x);
  }
}

TEST(Activations, DerivativesMatchCentralDifferences) {
  // h = 1e-5 on smooth functions of O(1) curvature: truncation error ~h^2 = 1e-10, rounding
  // ~1e-16 / h = 1e-11, so 1e-8 is a generous bound. Points stay 1e-3 away from every kink.
  std::mt19937_64 gen(7);
  std::uniform_real_distribution<double> uniform(-6.0, 6.0);
  const double h = 1e-5;
  for (Activation a : kAll) {
    for (int k = 0; k < 200; ++k) {
      double x = uniform(gen);
      if (std::abs(x) < 1e-3 || std::abs(std::abs(x) - 3.0) < 1e-3) continue;
      double numeric = (apply(a, x + h) - apply(a, x - h)) / (2 * h);
      EXPECT_NEAR(derivative(a, x), numeric, 1e-8) << activation_name(a) << " at " << x;
    }
  }
}

TEST(Activations, DerivativeIsZeroAtTheKinks) {
  // The documented convention (as TensorFlow's and PyTorch's autodiff).
  EXPECT_EQ(derivative(Activation::kRelu, 0.0), 0.0);
  EXPECT_EQ(derivative(Activation::kHardSigmoid, -3.0), 0.0);
  EXPECT_EQ(derivative(Activation::kHardSigmoid, 3.0), 0.0);
  EXPECT_EQ(derivative(Activation::kHardSigmoid, 0.5), 1.0 / 6.0);
}

TEST(Activations, RowFunctionsWriteEveryElementInPlace) {
  std::mt19937_64 gen(11);
  std::normal_distribution<double> normal(0.0, 2.0);
  for (Activation a : kAll) {
    std::vector<double> x(37);
    for (double& v : x) v = normal(gen);
    std::vector<double> y = x;
    activate(a, y, y);
    for (std::size_t i = 0; i < x.size(); ++i) EXPECT_EQ(y[i], apply(a, x[i]));
  }
}

}  // namespace
}  // namespace lstmbench::reference
