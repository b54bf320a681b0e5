// The five activations a case may name, with their derivatives, exactly as Keras 3 defines them.
//
// Each function works on a whole row of values at once, with the choice of activation made
// once outside the loop, so the loops stay simple enough for the compiler to vectorise.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace lstmbench::reference {

enum class Activation { kTanh, kSigmoid, kHardSigmoid, kRelu, kLinear };

// RETURNS: the activation named as in lb_case_config ("tanh", "sigmoid", "hard_sigmoid",
// "relu", "linear"), or nothing for any other name.
std::optional<Activation> parse_activation(std::string_view name);

// RETURNS: the lower-case name parse_activation accepts.
std::string_view activation_name(Activation activation);

// y[i] = f(x[i]). REQUIRES: x and y have the same size (they may be the same span).
//   tanh          tanh(x)
//   sigmoid       1 / (1 + exp(-x))
//   hard_sigmoid  Keras 3's: relu6(x + 3) / 6 = clip(x / 6 + 1/2, 0, 1)
//                 (Keras 2 used clip(0.2 x + 0.5, 0, 1); Keras 3 and this backend do not)
//   relu          max(x, 0)
//   linear        x
void activate(Activation activation, std::span<const double> x, std::span<double> y);

// grad[i] *= f'(x[i]), where y[i] = f(x[i]) is the activation's OUTPUT.
//
// Every derivative here can be written in terms of the output, so the forward pass keeps only
// outputs and the backward pass never recomputes an exp or tanh:
//   tanh 1 - y^2;  sigmoid y (1 - y);  hard_sigmoid 1/6 where 0 < y < 1, else 0;
//   relu 1 where y > 0, else 0;  linear 1.
// At the kinks of hard_sigmoid (x = -3, x = 3) and relu (x = 0) the derivative is taken as 0,
// the same convention as TensorFlow's and PyTorch's autodiff.
void multiply_by_derivative(Activation activation, std::span<const double> y,
                            std::span<double> grad);

}  // namespace lstmbench::reference
