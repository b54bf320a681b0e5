#include "workload/initializers.hpp"

#include <algorithm>
#include <cmath>
#include <thread>
#include <utility>
#include <vector>

#include "lstmbench/canonical_weights.hpp"
#include "lstmbench/column_blocks.hpp"
#include "workload/positive_qr.hpp"
#include "workload/workload.hpp"

namespace lstmbench::workload {

double glorot_uniform(RandomStream& random, std::size_t rows, std::size_t cols, float* out) {
  const double limit = std::sqrt(6.0 / static_cast<double>(rows + cols));
  for (std::size_t k = 0; k < rows * cols; ++k) {
    float value = static_cast<float>(random.uniform(-limit, limit));
    // Rounding to float may land exactly on the limit; keep the half-open interval.
    if (std::abs(value) > limit) value = std::nextafter(value, 0.0f);
    out[k] = value;
  }
  return limit;
}

void orthogonal(RandomStream& random, std::size_t rows, std::size_t cols, float* out) {
  const std::size_t m = std::max(rows, cols);
  const std::size_t n = std::min(rows, cols);
  std::vector<double> a(m * n);
  random.fill_normal(a.data(), a.size());
  const std::vector<double> q = qr_positive(std::move(a), m, n);
  if (rows >= cols) {
    std::transform(q.begin(), q.end(), out, [](double e) { return static_cast<float>(e); });
    return;
  }
  // rows < cols: the result is Q^T, element (i, j) = Q(j, i). Copied in square tiles, the
  // output's rows split over threads: read column by column, every element of Q was on a new
  // page (37 ms against 17 for 4096 x 1024 on one core).
  constexpr std::size_t kTile = 32;
  const std::size_t threads = std::clamp<std::size_t>(
      std::min<std::size_t>(std::thread::hardware_concurrency(), q.size() >> 20), 1, 8);
  for_each_column_block(rows, threads, [&](std::size_t i_begin, std::size_t i_end) {
    for (std::size_t i0 = i_begin; i0 < i_end; i0 += kTile)
      for (std::size_t j0 = 0; j0 < cols; j0 += kTile)
        for (std::size_t i = i0; i < std::min(i_end, i0 + kTile); ++i)
          for (std::size_t j = j0; j < std::min(cols, j0 + kTile); ++j)
            out[i * cols + j] = static_cast<float>(q[j * n + i]);
  });
}

std::vector<float> initial_weights(const suite::CaseSpec& spec, int input_size) {
  const auto hidden = static_cast<std::size_t>(spec.hidden_size);
  const CanonicalLayout layout(static_cast<std::size_t>(input_size), hidden,
                               static_cast<std::size_t>(spec.num_layers));
  std::vector<float> weights(layout.total(), 0.0f);
  RandomStream random(spec.seed, Stream::kWeights);
  for (std::size_t l = 0; l < layout.num_layers(); ++l) {
    const CanonicalLayer& layer = layout.layer(l);
    glorot_uniform(random, layer.input_width, 4 * hidden, &weights[layer.kernel_offset]);
    orthogonal(random, hidden, 4 * hidden, &weights[layer.recurrent_offset]);
    // unit_forget_bias=True: gate order i, f, g, o, so the forget gate is columns H .. 2H-1.
    for (std::size_t j = 0; j < hidden; ++j) weights[layer.bias_offset + hidden + j] = 1.0f;
  }
  glorot_uniform(random, hidden, 1, &weights[layout.dense_kernel_offset()]);
  weights[layout.dense_bias_offset()] = 0.0f;
  return weights;
}

}  // namespace lstmbench::workload
