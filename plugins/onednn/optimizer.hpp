// Adam (Keras's epsilon-hat form) and SGD, applied in place to parameter buffers in whatever
// layout oneDNN chose for them: both are element-wise, so the layout does not matter as long as
// weights, gradients and moments share it.
#pragma once

#include <cstddef>
#include <lstmbench/keras_adam.hpp>
#include <lstmbench/plugin.hpp>
#include <vector>

namespace lstmbench::onednn {

// One parameter tensor and its gradient, same layout and length (padding included: padding
// gradients are zero, so padding weights never move).
struct ParamBlock {
  float* weights = nullptr;
  float* grads = nullptr;
  std::size_t count = 0;
};

class Optimizer {
 public:
  // REQUIRES: config.optimizer is "adam" or "sgd"; blocks stay valid for the optimizer's life.
  Optimizer(const sdk::CaseConfig& config, std::vector<ParamBlock> blocks);

  // Applies one update to every block and zeroes its gradient in the same pass: oneDNN's
  // backward accumulates into diff weights, so they must start each step at zero.
  void step();

  // RETURNS: the number of updates applied so far.
  long steps() const { return steps_; }

 private:
  static void adam_block(const ParamBlock& block, float* m, float* v,
                         const sdk::AdamStep<float>& k);
  void sgd_block(const ParamBlock& block) const;

  bool adam_ = true;
  double learning_rate_ = 1e-3;
  sdk::AdamClock adam_clock_;  // the SDK's Keras Adam (lstmbench/keras_adam.hpp)
  long steps_ = 0;
  std::vector<ParamBlock> blocks_;
  std::vector<std::vector<float>> m_;  // first moments, one per block
  std::vector<std::vector<float>> v_;  // second moments
};

}  // namespace lstmbench::onednn
