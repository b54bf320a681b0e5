#include "workload/initializers.hpp"

#include <algorithm>
#include <cmath>

#include "lstmbench/canonical_weights.hpp"
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

namespace {

// Applies the Householder reflection H = I - 2 v v^T / |v|^2 (v acting on rows first..m-1)
// to columns first_col..n-1 of the row-major m x n matrix a. Row by row, so that the work
// streams through memory (hidden 1024 is a 4096 x 1024 matrix: column-wise loops took minutes);
// every dot product still sums over i in ascending order, so results are bit for bit the same.
void reflect(const std::vector<double>& v, double v_norm2, std::size_t first, std::size_t first_col,
             std::size_t m, std::size_t n, std::vector<double>& a) {
  std::vector<double> scale(n, 0.0);
  for (std::size_t i = first; i < m; ++i) {
    const double vi = v[i - first];
    const double* row = &a[i * n];
    for (std::size_t j = first_col; j < n; ++j) scale[j] += vi * row[j];
  }
  for (std::size_t j = first_col; j < n; ++j) scale[j] = 2.0 * scale[j] / v_norm2;
  for (std::size_t i = first; i < m; ++i) {
    const double vi = v[i - first];
    double* row = &a[i * n];
    for (std::size_t j = first_col; j < n; ++j) row[j] -= scale[j] * vi;
  }
}

}  // namespace

std::vector<double> qr_positive(const std::vector<double>& a, std::size_t m, std::size_t n,
                                std::vector<double>* r_diag) {
  std::vector<double> r = a;                 // becomes R in its upper triangle
  std::vector<std::vector<double>> vectors;  // Householder vectors, v_k has m - k entries
  std::vector<double> diag(n);
  for (std::size_t k = 0; k < n; ++k) {
    double norm = 0.0;
    for (std::size_t i = k; i < m; ++i) norm += r[i * n + k] * r[i * n + k];
    norm = std::sqrt(norm);
    // alpha takes the sign opposite to the pivot so that v = x - alpha e1 does not cancel.
    const double alpha = r[k * n + k] > 0 ? -norm : norm;
    std::vector<double> v(m - k);
    for (std::size_t i = k; i < m; ++i) v[i - k] = r[i * n + k];
    v[0] -= alpha;
    double v_norm2 = 0.0;
    for (double e : v) v_norm2 += e * e;
    if (v_norm2 > 0.0) reflect(v, v_norm2, k, k, m, n, r);
    diag[k] = r[k * n + k];
    vectors.push_back(std::move(v));
  }

  // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity, last reflection first.
  std::vector<double> q(m * n, 0.0);
  for (std::size_t j = 0; j < n; ++j) q[j * n + j] = 1.0;
  for (std::size_t kk = n; kk-- > 0;) {
    const std::vector<double>& v = vectors[kk];
    double v_norm2 = 0.0;
    for (double e : v) v_norm2 += e * e;
    if (v_norm2 == 0.0) continue;
    reflect(v, v_norm2, kk, 0, m, n, q);
  }

  // Keras: q *= sign(diag(r)). Makes the factorisation unique (the Haar-distributed Q).
  for (std::size_t j = 0; j < n; ++j) {
    if (diag[j] < 0) {
      for (std::size_t i = 0; i < m; ++i) q[i * n + j] = -q[i * n + j];
    }
  }
  if (r_diag) {
    r_diag->resize(n);
    for (std::size_t j = 0; j < n; ++j) (*r_diag)[j] = std::abs(diag[j]);
  }
  return q;
}

void orthogonal(RandomStream& random, std::size_t rows, std::size_t cols, float* out) {
  const std::size_t m = std::max(rows, cols);
  const std::size_t n = std::min(rows, cols);
  std::vector<double> a(m * n);
  for (double& e : a) e = random.normal();
  const std::vector<double> q = qr_positive(a, m, n);
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
