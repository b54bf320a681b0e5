// One FLOP formula for every backend (docs/metrics.md), so GFLOP/s compares like with like.
// A training step of one LSTM layer costs 24*B*T*H*(I+H): the forward GEMMs 8*B*T*H*(I+H) and
// the backward (data and weights) twice that; I is the layer's input width. The Dense(1) head
// adds 6*B*H (forward 2*B*H, backward 4*B*H). Element-wise gate math and the optimizer are not
// counted (as in benchdnn's count_ops).
#pragma once

#include <cstdint>

namespace lstmbench::stats {

// The LSTM layers' GEMMs alone, what a GEMM ceiling is compared with: per layer and time step
// three products of the gate weights [4H x (I+H)] with a batch of B: forward, backward-data and
// backward-weights, 2*B*4H*(I+H) FLOP each.
double lstm_gemm_step_flops(std::int64_t batch, std::int64_t seq_len, std::int64_t input_size,
                            std::int64_t hidden_size, std::int64_t num_layers);

// The LSTM GEMMs plus the Dense(1) head: what GFLOP/s counts.
double training_step_flops(std::int64_t batch, std::int64_t seq_len, std::int64_t input_size,
                           std::int64_t hidden_size, std::int64_t num_layers);

}  // namespace lstmbench::stats
