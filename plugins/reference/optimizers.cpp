#include "optimizers.hpp"

#include <cmath>
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
    : settings_(settings), m_(num_parameters, 0.0), v_(num_parameters, 0.0) {}

void Adam::step(std::span<double> parameters, std::span<const double> gradient) {
  require_same_size(parameters, gradient, m_.size());
  const double beta1 = settings_.beta1, beta2 = settings_.beta2, eps = settings_.epsilon;
  t_ += 1;
  const double t = static_cast<double>(t_);
  const double alpha =
      settings_.learning_rate * std::sqrt(1.0 - std::pow(beta2, t)) / (1.0 - std::pow(beta1, t));
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    const double g = gradient[k];
    m_[k] = beta1 * m_[k] + (1.0 - beta1) * g;
    v_[k] = beta2 * v_[k] + (1.0 - beta2) * g * g;
    parameters[k] -= alpha * m_[k] / (std::sqrt(v_[k]) + eps);
  }
}

}  // namespace lstmbench::reference
