// One case on the reference backend: the data and model of the case, trained one epoch at a
// time through the SDK's Session interface.
#pragma once

#include <cstdint>
#include <lstmbench/plugin.hpp>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "lstm_model.hpp"
#include "optimizers.hpp"

namespace lstmbench::reference {

// The `extra_work` option: after each training step, busy-wait for this fraction of the step's
// own time (0 by default). A known, documented slowdown, so that anyone can check that a
// comparison detects an effect of a given size (0.10: every step 10 % slower).
// RETURNS: the fraction, or nothing when the option is not a number in [0, 1].
std::optional<double> extra_work_of(const sdk::CaseConfig& config);

// The `threads` option: how many threads share the matrix products (1 by default, so that the
// reference timed as a backend stays the one-thread baseline). The numbers are bit-identical for
// any count; the runner's verification uses every core to keep large shapes cheap.
// RETURNS: the count, or nothing when the option is not an integer from 1 to kMaxThreads.
inline constexpr std::size_t kMaxThreads = 256;
std::optional<std::size_t> threads_of(const sdk::CaseConfig& config);

class ReferenceSession : public sdk::Session {
 public:
  // REQUIRES: the case passed the SDK's checks (lstmbench/plugin.hpp: sizes, data and weight
  // counts, window indices) and the backend's unsupported_reason().
  // Copies the data (the host's arrays live only during create) and the weights.
  ReferenceSession(const sdk::CaseConfig& config, const sdk::Dataset& data,
                   std::span<const float> weights);

  sdk::EpochResult train_epoch(std::span<const std::int32_t> order,
                               std::span<double> step_losses) override;
  double evaluate() override;
  void read_weights(std::span<float> weights) override;
  sdk::SessionInfo info() override;

  const LstmModel& model() const { return model_; }

 private:
  // Copies the windows at these indices of x and y into the batch buffers, in double.
  // REQUIRES: every index is a window of x (the SDK checks training orders).
  void load_batch(std::span<const float> x, std::span<const float> y,
                  std::span<const std::int32_t> indices);

  sdk::CaseConfig config_;
  double extra_work_ = 0.0;
  std::size_t window_size_;  // seq_len * input_size floats per window
  std::vector<float> train_x_, train_y_, val_x_, val_y_;
  LstmModel model_;
  std::unique_ptr<Optimizer> optimizer_;

  // Reused every step, so training allocates nothing.
  std::vector<double> batch_x_;   // [B][T][I]
  std::vector<double> batch_y_;   // [B]
  std::vector<double> gradient_;  // canonical layout
  std::vector<std::int32_t> val_indices_;
};

}  // namespace lstmbench::reference
