// The device side of one cudnn session: every buffer (allocated here, once), the cuDNN
// descriptors, and the training step as a sequence enqueued on one stream:
//   [fp16: cast master -> fp16 weights] gather -> cudnnRNNForward -> Dense+MSE+gradient ->
//   cudnnRNNBackwardData_v8 -> zero dW -> cudnnRNNBackwardWeights_v8 (ADD) ->
//   [fp16: unscale + overflow check] -> Adam -> finish (loss scale, counters).
// Nothing in a step waits for the host; the session reads results back once per epoch.
#pragma once

#include <cudnn.h>

#include <cstdint>
#include <lstmbench/plugin.hpp>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "backend_options.hpp"
#include "device_buffer.hpp"
#include "graph_runner.hpp"
#include "kernels.cuh"
#include "rnn_descriptors.hpp"
#include "weight_mapping.hpp"

namespace lstmbench::cudnn_backend {

// Input features cuDNN sees in fp16: tensor-core GEMMs want multiples of 8.
inline constexpr int kHalfInputAlignment = 8;

class Trainer {
 public:
  // Allocates everything, uploads data and weights, and runs a probe of everything a step and
  // an evaluation enqueue (which also warms cuDNN up and loads every kernel of ours), then
  // restores the initial weights and state. Throws CudnnError (or CudaError) where cuDNN rejects
  // `algo` for this shape. REQUIRES: data.num_train > 0.
  Trainer(const sdk::CaseConfig& config, const BackendOptions& options, Algo algo,
          const sdk::Dataset& data, std::span<const float> weights);
  ~Trainer();
  Trainer(const Trainer&) = delete;
  Trainer& operator=(const Trainer&) = delete;

  // Captures the fused step as a CUDA Graph; from then on every step is one graph launch.
  // Throws CudaError/CudnnError if the step cannot be captured; the Trainer then still runs
  // eagerly.
  void capture_graph();
  bool graph_ready() const { return graph_.ready(); }

  // Trains floor(order.size() / batch) steps; one upload, one read-back, one sync.
  sdk::EpochResult train_epoch(std::span<const std::int32_t> order, std::span<double> step_losses);
  double evaluate();
  void read_weights(std::span<float> weights);
  // RETURNS: the device state after synchronising (loss scale, counters).
  DeviceState read_state();

  std::int64_t device_bytes() const { return device_bytes_; }
  const char* math_name() const;
  int padded_input() const { return shape_.input_size; }

 private:
  void release_handles() noexcept;
  void enqueue_step(bool fused);
  void enqueue_probe();
  void reset_training_state(const std::vector<float>& master, const DeviceState& initial);
  void enqueue_evaluation();
  void enqueue_gather_and_forward(DeviceState* state);
  void enqueue_backward();
  void enqueue_forward(cudnnForwardMode_t mode);
  void* weights_for_cudnn() const;
  void* gradients_for_cudnn() const;
  const void* top_h() const;
  void* top_dh() const;
  HeadArgs head_args();

  BackendOptions options_;
  RnnShape shape_;
  int input_size_ = 0;
  std::size_t num_train_ = 0;
  std::size_t num_val_ = 0;
  std::size_t num_val_padded_ = 0;
  std::size_t max_steps_ = 0;
  OptimizerArgs optimizer_{};
  std::int64_t device_bytes_ = 0;

  cudaStream_t stream_ = nullptr;
  cudnnHandle_t handle_ = nullptr;
  cudaEvent_t epoch_start_ = nullptr;
  cudaEvent_t epoch_end_ = nullptr;
  std::unique_ptr<RnnDescriptors> rnn_;
  std::unique_ptr<WeightMap> map_;
  std::vector<ParamRegion> regions_;
  GraphRunner graph_;

  DeviceBuffer train_x_, train_y_, val_x_, val_y_, order_, val_order_, seq_lengths_;
  DeviceBuffer x_, targets_, y_, dy_, dx_, hy_, dhy_;
  DeviceBuffer weights_half_, grads_half_;  // fp16 only: cuDNN's weight space and dW
  DeviceBuffer params_, grads_, adam_m_, adam_v_, mask_;
  DeviceBuffer work_, reserve_;
  DeviceBuffer state_, step_losses_, pred_, head_scratch_;
  PinnedBuffer order_host_, state_host_, losses_host_;
};

}  // namespace lstmbench::cudnn_backend
