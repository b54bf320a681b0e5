#include "optimizer.hpp"

#include <cmath>

namespace lstmbench::onednn {

namespace {

// Below this many elements a parallel region costs more than it saves (the seed model's largest
// tensor has 16K elements; H=256 layers have 256K).
constexpr std::size_t kParallelThreshold = 1 << 16;

}  // namespace

Optimizer::Optimizer(const sdk::CaseConfig& config, std::vector<ParamBlock> blocks)
    : adam_(config.optimizer == "adam"),
      learning_rate_(config.learning_rate),
      beta1_(config.adam_beta1),
      beta2_(config.adam_beta2),
      epsilon_(config.adam_epsilon),
      blocks_(std::move(blocks)) {
  if (adam_) {
    for (const ParamBlock& b : blocks_) {
      m_.emplace_back(b.count, 0.0f);
      v_.emplace_back(b.count, 0.0f);
    }
  }
}

void Optimizer::step() {
  ++t_;
  // Keras: alpha = lr * sqrt(1 - b2^t) / (1 - b1^t), computed in double once per step.
  float alpha = static_cast<float>(learning_rate_ * std::sqrt(1.0 - std::pow(beta2_, t_)) /
                                   (1.0 - std::pow(beta1_, t_)));
  for (std::size_t i = 0; i < blocks_.size(); ++i) {
    if (adam_)
      adam_block(blocks_[i], m_[i].data(), v_[i].data(), alpha);
    else
      sgd_block(blocks_[i]);
  }
}

void Optimizer::adam_block(const ParamBlock& block, float* m, float* v, float alpha) const {
  float* w = block.weights;
  float* g = block.grads;
  const float b1 = static_cast<float>(1.0 - beta1_);
  const float b2 = static_cast<float>(1.0 - beta2_);
  const float eps = static_cast<float>(epsilon_);
  const long n = static_cast<long>(block.count);
#pragma omp parallel for simd if (block.count > kParallelThreshold) schedule(static)
  for (long i = 0; i < n; ++i) {
    float gi = g[i];
    float mi = m[i] + (gi - m[i]) * b1;
    float vi = v[i] + (gi * gi - v[i]) * b2;
    m[i] = mi;
    v[i] = vi;
    w[i] -= alpha * mi / (std::sqrt(vi) + eps);
    g[i] = 0.0f;
  }
}

void Optimizer::sgd_block(const ParamBlock& block) const {
  float* w = block.weights;
  float* g = block.grads;
  const float lr = static_cast<float>(learning_rate_);
  const long n = static_cast<long>(block.count);
#pragma omp parallel for simd if (block.count > kParallelThreshold) schedule(static)
  for (long i = 0; i < n; ++i) {
    w[i] -= lr * g[i];
    g[i] = 0.0f;
  }
}

}  // namespace lstmbench::onednn
