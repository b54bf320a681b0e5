#include "stats/flops.hpp"

namespace lstmbench::stats {

double lstm_gemm_step_flops(std::int64_t batch, std::int64_t seq_len, std::int64_t input_size,
                            std::int64_t hidden_size, std::int64_t num_layers) {
  const double b = static_cast<double>(batch);
  const double t = static_cast<double>(seq_len);
  const double h = static_cast<double>(hidden_size);
  // Forward, backward-data and backward-weights.
  constexpr double kGemmsPerStep = 3.0;
  double flops = 0.0;
  for (std::int64_t layer = 0; layer < num_layers; ++layer) {
    // The first layer reads the series' features; every later layer reads the previous
    // layer's hidden state.
    const double in = static_cast<double>(layer == 0 ? input_size : hidden_size);
    flops += kGemmsPerStep * t * 2.0 * b * (4.0 * h) * (in + h);
  }
  return flops;
}

double training_step_flops(std::int64_t batch, std::int64_t seq_len, std::int64_t input_size,
                           std::int64_t hidden_size, std::int64_t num_layers) {
  double flops = lstm_gemm_step_flops(batch, seq_len, input_size, hidden_size, num_layers);
  // Dense(1) on the last step's hidden state: 2*B*H forward, 4*B*H backward.
  if (num_layers > 0) flops += 6.0 * static_cast<double>(batch) * static_cast<double>(hidden_size);
  return flops;
}

}  // namespace lstmbench::stats
