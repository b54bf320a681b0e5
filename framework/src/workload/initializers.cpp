#include "workload/initializers.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "lstmbench/canonical_weights.hpp"
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
  for (std::size_t i = 0; i < rows; ++i) {
    for (std::size_t j = 0; j < cols; ++j) {
      // rows < cols: the result is Q^T, so element (i, j) is Q(j, i).
      out[i * cols + j] = static_cast<float>(rows < cols ? q[j * n + i] : q[i * n + j]);
    }
  }
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
