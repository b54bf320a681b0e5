#include "optimizer.hpp"

namespace lstmbench::onednn {

namespace {

// Below this many elements a parallel region costs more than it saves (the seed model's largest
// tensor has 16K elements; H=256 layers have 256K).
constexpr std::size_t kParallelThreshold = 1 << 16;

}  // namespace

Optimizer::Optimizer(const sdk::CaseConfig& config, std::vector<ParamBlock> blocks)
    : adam_(config.optimizer == "adam"),
      learning_rate_(config.learning_rate),
      adam_clock_(
          {config.learning_rate, config.adam_beta1, config.adam_beta2, config.adam_epsilon}),
      blocks_(std::move(blocks)) {
  if (adam_) {
    for (const ParamBlock& b : blocks_) {
      m_.emplace_back(b.count, 0.0f);
      v_.emplace_back(b.count, 0.0f);
    }
  }
}

void Optimizer::step() {
  ++steps_;
  if (!adam_) {
    for (const ParamBlock& block : blocks_) sgd_block(block);
    return;
  }
  // The step size in double once per step, then the element update in float.
  const sdk::AdamStep<float> k = adam_clock_.next<float>();
  for (std::size_t i = 0; i < blocks_.size(); ++i)
    adam_block(blocks_[i], m_[i].data(), v_[i].data(), k);
}

void Optimizer::adam_block(const ParamBlock& block, float* m, float* v,
                           const sdk::AdamStep<float>& k) {
  float* w = block.weights;
  float* g = block.grads;
  const long n = static_cast<long>(block.count);
#pragma omp parallel for simd if (block.count > kParallelThreshold) schedule(static)
  for (long i = 0; i < n; ++i) {
    sdk::adam_update(w[i], g[i], m[i], v[i], k);
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
