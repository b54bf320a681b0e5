#include "optimizers.hpp"

#include <stdexcept>
#include <string>

namespace lstmbench::reference {
namespace {

void require_same_size(std::span<double> parameters, std::span<const double> gradient,
                       std::size_t expected) {
  if (parameters.size() != expected || gradient.size() != expected)
    throw std::invalid_argument("optimizer step: parameters and gradient must have " +
                                std::to_string(expected) + " values");
}

}  // namespace

void Sgd::step(std::span<double> parameters, std::span<const double> gradient) {
  require_same_size(parameters, gradient, parameters.size());
  for (std::size_t k = 0; k < parameters.size(); ++k) parameters[k] -= learning_rate_ * gradient[k];
}

Adam::Adam(const AdamSettings& settings, std::size_t num_parameters)
    : clock_(settings), m_(num_parameters, 0.0), v_(num_parameters, 0.0) {}

void Adam::step(std::span<double> parameters, std::span<const double> gradient) {
  require_same_size(parameters, gradient, m_.size());
  sdk::adam_update<double>(parameters, gradient, m_, v_, clock_.next<double>());
}

}  // namespace lstmbench::reference
