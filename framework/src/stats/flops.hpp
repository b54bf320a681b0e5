// One FLOP formula for every backend (docs/metrics.md), so GFLOP/s compares like with like.
// A training step of one LSTM layer costs 24*B*T*H*(I+H): the forward GEMMs 8*B*T*H*(I+H) and
// the backward (data and weights) twice that; I is the layer's input width. The Dense(1) head
// adds 6*B*H (forward 2*B*H, backward 4*B*H). Element-wise gate math and the optimizer are not
// counted (as in benchdnn's count_ops).
#pragma once

#include <cstdint>

namespace lstmbench::stats {

double training_step_flops(std::int64_t batch, std::int64_t seq_len, std::int64_t input_size,
                           std::int64_t hidden_size, std::int64_t num_layers);

}  // namespace lstmbench::stats
