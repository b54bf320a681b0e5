// One onednn case: the benchmark's model (LSTM layers -> Dense(1) on h_T -> MSE) trained with
// oneDNN primitives, everything created and allocated in the constructor.
//
// A training step is: gather the batch into a preallocated tnc buffer; lstm_forward per layer;
// the Dense head, MSE and its gradient in one fused loop over the batch (writing dL/dh_T straight
// into the top layer's diff_dst_layer at t = T-1, the rest of which stays zero); lstm_backward
// per layer, top down; one fused optimizer pass per tensor (update + zero the gradient); two
// reorders per layer to refresh the backward weight copies. No allocation happens in a step.
//
// bf16 (mixed precision, f32 master weights): the LSTM primitives run in bf16; the batch is
// converted to bf16 after the gather and h_T back to f32 for the head (one reorder each); the
// head, loss, gradients and optimizer stay f32; the layers refresh bf16 forward and backward
// weight copies (four reorders per layer). No loss scaling: bf16 has f32's exponent range.
#pragma once

#include <lstmbench/plugin.hpp>
#include <memory>
#include <oneapi/dnnl/dnnl.hpp>
#include <vector>

#include "lstm_inference.hpp"
#include "lstm_layer.hpp"
#include "optimizer.hpp"
#include "precision.hpp"

namespace lstmbench::onednn {

class OnednnSession : public sdk::Session {
 public:
  // REQUIRES: unsupported_reason(config) is empty; weights in canonical layout.
  OnednnSession(const sdk::CaseConfig& config, const sdk::Dataset& data,
                std::span<const float> weights);

  sdk::EpochResult train_epoch(std::span<const std::int32_t> order,
                               std::span<double> step_losses) override;
  double evaluate() override;
  void read_weights(std::span<float> weights) override;
  sdk::SessionInfo info() override;

 private:
  // A set of inference primitives and buffers for one validation batch size.
  struct EvalPass {
    int batch = 0;
    dnnl::memory x;
    std::vector<dnnl::memory> h;
    std::vector<std::unique_ptr<LstmInference>> layers;
  };

  double train_step(const std::int32_t* rows);
  // RETURNS: the batch's mean squared error; accumulates the head's gradients and writes dL/dh_T.
  double head_forward_backward(const std::int32_t* rows);
  EvalPass make_eval_pass(int batch);
  void bind_eval_pass(EvalPass& pass);

  sdk::CaseConfig config_;
  int seq_len_, input_, hidden_, layers_count_, batch_;
  Precision precision_;
  int threads_;
  std::vector<float> train_x_, train_y_, val_x_, val_y_;
  std::size_t num_val_;

  dnnl::engine engine_;
  dnnl::stream stream_;
  std::vector<std::unique_ptr<LstmLayer>> layers_;
  dnnl::memory x_;                // [T][B][I] the batch the first layer reads
  dnnl::memory x_f32_;            // [T][B][I] f32, where the batch is gathered (fp32: x_ itself)
  dnnl::memory h_last_;           // [1][B][H] bf16 only: h_T in f32 for the head
  BoundPrimitive to_compute_;     // bf16 only: x_f32_ -> x_
  BoundPrimitive head_input_;     // bf16 only: h_T of h_.back() -> h_last_
  dnnl::memory dx_;               // [T][B][I] layer 0's diff_src_layer (required, unused)
  std::vector<dnnl::memory> h_;   // per layer [T][B][H] dst_layer
  std::vector<dnnl::memory> dh_;  // per layer [T][B][H] diff_dst_layer
  dnnl::memory scratchpad_;
  std::vector<float> dense_w_, dense_gw_;  // [H]
  float dense_b_ = 0.0f, dense_gb_ = 0.0f;
  std::unique_ptr<Optimizer> optimizer_;
  std::vector<EvalPass> eval_passes_;  // full validation chunk, then the remainder if any
};

}  // namespace lstmbench::onednn
