// Our own CUDA kernels around cuDNN's LSTM: batch gather, the Dense(1) head with MSE and its
// gradient (fused for graph mode, three kernels for eager), fp16 casts, gradient unscaling with
// the overflow check, the optimizer, and the per-step bookkeeping of dynamic loss scaling.
//
// Everything a step needs to know that changes from step to step (which batch, the loss scale,
// Adam's t, whether to skip) lives in DeviceState on the device, so one captured CUDA Graph can
// replay every step unchanged and an epoch needs no host round trip.
//
// Declared for plain C++ callers (the launchers are host functions); defined in kernels.cu.
#pragma once

#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>

namespace lstmbench::cudnn_backend {

// Dynamic loss scaling as Keras's LossScaleOptimizer: start 2^15, x2 after 2000 clean steps.
inline constexpr float kInitialLossScale = 32768.0f;
inline constexpr std::int32_t kLossScaleGrowthSteps = 2000;

struct DeviceState {
  float loss_scale;            // 1 without dynamic loss scaling
  std::int32_t good_steps;     // consecutive finite steps since the scale last changed
  std::int32_t adam_step;      // updates applied (Keras's inner optimizer.iterations)
  std::int32_t global_step;    // steps run in this session, skipped ones included
  std::int32_t step_in_epoch;  // selects the batch and the slot of the step's loss
  std::int32_t overflow;       // set when this step's gradient is non-finite
  std::int32_t epoch_skipped;  // steps skipped in this epoch
  std::int32_t skipped_total;  // steps skipped in this session
  std::uint32_t blocks_done;   // blocks of a multi-block head/eval kernel that have finished
  double epoch_loss_sum;       // sum of this epoch's step losses (unscaled MSE)
  double eval_sse;             // sum of squared validation errors
};

struct GatherArgs {
  const float* x_all;         // [windows][seq_len][input_size]
  const float* y_all;         // [windows]
  const std::int32_t* order;  // window indices; < 0 gathers a zero row (padding)
  const DeviceState* state;   // if set, the batch starts at order[state->step_in_epoch * batch]
  int base;                   // added to the start (evaluation walks batches from the host)
  int batch;
  int seq_len;
  int input_size;
  int padded_input;  // feature columns in x_out (>= input_size; the extra ones are zero)
  bool half;         // x_out is __half
  void* x_out;       // [seq_len][batch][padded_input]: cuDNN's SEQ_MAJOR_UNPACKED layout
  float* y_out;      // [batch]
};

struct HeadArgs {
  const void* h_last;  // [batch][hidden] the top layer's h_T (float or __half)
  bool half;
  const float* dense;    // [hidden] kernel, then [1] bias (fp32 master weights)
  const float* targets;  // [batch]
  int batch;
  int hidden;
  float* pred;         // [batch] predictions between the unfused path's kernels
  float* scratch;      // [head::scratch_floats(batch, hidden)] per-chunk partial sums
  float* dense_grad;   // [hidden + 1]
  void* dh_last;       // [batch][hidden] dL/dh_T times the loss scale (float or __half)
  float* step_losses;  // [steps per epoch] the MSE of each step
  DeviceState* state;
  bool scaled;  // multiply dh by state->loss_scale (fp16)
};

struct OptimizerArgs {
  bool adam;
  float learning_rate;
  float beta1;
  float beta2;
  float epsilon;
};

void launch_epoch_begin(DeviceState* state, cudaStream_t stream);
void launch_gather(const GatherArgs& args, cudaStream_t stream);
// Dense(1) + MSE + gradients in one kernel of one block per kHeadRows batch rows; the last block
// to finish adds up the blocks' partials in a fixed order (graph mode).
void launch_head_fused(const HeadArgs& args, cudaStream_t stream);
// The same arithmetic in three kernels (forward, per-chunk loss and backward, final sums), as an
// eager framework runs it; the results are bit-identical to the fused kernel's (head_math.hpp).
void launch_head_unfused(const HeadArgs& args, cudaStream_t stream);
void launch_cast_to_half(const float* source, void* half_out, std::size_t count,
                         cudaStream_t stream);
// grads[i] = dw_half[i] / loss_scale for i < num_weight_space, and flags any non-finite value in
// grads[0, num_total); inject_step (1-based, 0 = never) poisons that step's gradient.
void launch_unscale_check(const void* dw_half, float* grads, std::size_t num_weight_space,
                          std::size_t num_total, DeviceState* state, std::int64_t inject_step,
                          cudaStream_t stream);
// Adam (Keras's epsilon-hat form) or SGD over params[begin, begin + count) where mask is 1;
// does nothing when state->overflow is set.
void launch_optimizer(float* params, const float* grads, float* m, float* v,
                      const unsigned char* mask, std::size_t begin, std::size_t count,
                      const DeviceState* state, const OptimizerArgs& args, cudaStream_t stream);
// Ends a step: counts it, applies the loss-scale rule (dynamic_scaling) and clears the flag.
void launch_finish_step(DeviceState* state, bool dynamic_scaling, cudaStream_t stream);
void launch_eval_begin(DeviceState* state, cudaStream_t stream);
// Adds the squared errors of the first num_valid (>= 1) rows of a gathered batch to
// state->eval_sse; scratch holds head::num_chunks(num_valid) floats.
void launch_eval_accumulate(const void* h_last, bool half, const float* dense, const float* targets,
                            int hidden, int num_valid, float* scratch, DeviceState* state,
                            cudaStream_t stream);

}  // namespace lstmbench::cudnn_backend
