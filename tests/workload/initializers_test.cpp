// Keras-default initial weights: every tensor of the canonical layout has the distribution and
// the structure Keras gives it, and every element is written.
#include "workload/initializers.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "lstmbench/canonical_weights.hpp"
#include "workload/workload.hpp"

namespace lstmbench::workload {
namespace {

suite::CaseSpec model_spec(int hidden, int layers, std::uint64_t seed = 42) {
  suite::CaseSpec spec;
  spec.hidden_size = hidden;
  spec.num_layers = layers;
  spec.seed = seed;
  return spec;
}

// Largest |(M M^T - I)(a, b)| for the rows of a row-major [rows][cols] float matrix, in double.
double row_orthonormality_error(const float* m, std::size_t rows, std::size_t cols) {
  double worst = 0.0;
  for (std::size_t a = 0; a < rows; ++a) {
    for (std::size_t b = 0; b < rows; ++b) {
      double dot = 0.0;
      for (std::size_t k = 0; k < cols; ++k)
        dot += static_cast<double>(m[a * cols + k]) * m[b * cols + k];
      worst = std::max(worst, std::abs(dot - (a == b ? 1.0 : 0.0)));
    }
  }
  return worst;
}

// The unblocked Householder QR that qr_positive replaced (one reflection at a time, each
// applied to the whole trailing matrix), kept as the comparison for the blocked one. Same
// conventions: alpha opposite to the pivot, Q's columns multiplied by sign(diag(R)).
std::vector<double> unblocked_qr_positive(const std::vector<double>& a, std::size_t m,
                                          std::size_t n) {
  std::vector<double> r = a;
  std::vector<std::vector<double>> vectors;
  std::vector<double> diag(n);
  const auto reflect = [&](const std::vector<double>& v, double v_norm2, std::size_t first,
                           std::size_t first_col, std::vector<double>& x) {
    std::vector<double> scale(n, 0.0);
    for (std::size_t i = first; i < m; ++i)
      for (std::size_t j = first_col; j < n; ++j) scale[j] += v[i - first] * x[i * n + j];
    for (std::size_t j = first_col; j < n; ++j) scale[j] = 2.0 * scale[j] / v_norm2;
    for (std::size_t i = first; i < m; ++i)
      for (std::size_t j = first_col; j < n; ++j) x[i * n + j] -= scale[j] * v[i - first];
  };
  for (std::size_t k = 0; k < n; ++k) {
    double norm = 0.0;
    for (std::size_t i = k; i < m; ++i) norm += r[i * n + k] * r[i * n + k];
    norm = std::sqrt(norm);
    const double alpha = r[k * n + k] > 0 ? -norm : norm;
    std::vector<double> v(m - k);
    for (std::size_t i = k; i < m; ++i) v[i - k] = r[i * n + k];
    v[0] -= alpha;
    double v_norm2 = 0.0;
    for (double e : v) v_norm2 += e * e;
    if (v_norm2 > 0.0) reflect(v, v_norm2, k, k, r);
    diag[k] = r[k * n + k];
    vectors.push_back(std::move(v));
  }
  std::vector<double> q(m * n, 0.0);
  for (std::size_t j = 0; j < n; ++j) q[j * n + j] = 1.0;
  for (std::size_t kk = n; kk-- > 0;) {
    double v_norm2 = 0.0;
    for (double e : vectors[kk]) v_norm2 += e * e;
    if (v_norm2 > 0.0) reflect(vectors[kk], v_norm2, kk, 0, q);
  }
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = 0; j < n; ++j)
      if (diag[j] < 0) q[i * n + j] = -q[i * n + j];
  return q;
}

std::vector<double> normal_matrix(std::size_t m, std::size_t n, std::uint64_t seed) {
  RandomStream random(seed, Stream::kWeights);
  std::vector<double> a(m * n);
  for (double& e : a) e = random.normal();
  return a;
}

// Largest |(Q^T Q - I)(a, b)| for a row-major m x n double matrix.
double column_orthonormality_error(const std::vector<double>& q, std::size_t m, std::size_t n) {
  std::vector<double> gram(n * n, 0.0);
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t a = 0; a < n; ++a)
      for (std::size_t b = 0; b < n; ++b) gram[a * n + b] += q[i * n + a] * q[i * n + b];
  double worst = 0.0;
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = 0; b < n; ++b)
      worst = std::max(worst, std::abs(gram[a * n + b] - (a == b ? 1.0 : 0.0)));
  return worst;
}

TEST(QrPositive, KnownSmallCases) {
  // [3, 4]^T = [0.6, 0.8]^T * 5, and with a negative pivot R must still come out positive.
  std::vector<double> r;
  std::vector<double> q = qr_positive({3.0, 4.0}, 2, 1, &r);
  EXPECT_NEAR(q[0], 0.6, 1e-15);
  EXPECT_NEAR(q[1], 0.8, 1e-15);
  EXPECT_NEAR(r[0], 5.0, 1e-14);
  q = qr_positive({-3.0, 4.0}, 2, 1);
  EXPECT_NEAR(q[0], -0.6, 1e-15);
  EXPECT_NEAR(q[1], 0.8, 1e-15);
}

TEST(QrPositive, FactorsARandomMatrix) {
  // Q^T A must be upper triangular with a positive diagonal, and Q R must give A back. Double
  // Householder QR is backward stable to ~m * 1e-16 relative to |A| (entries of a few units
  // here); 1e-12 leaves room. 300 x 150 spans two panels and ends on partial inner panels.
  const std::pair<std::size_t, std::size_t> shapes[] = {{9, 4}, {300, 150}};
  for (const auto& [m, n] : shapes) {
    SCOPED_TRACE(std::to_string(m) + " x " + std::to_string(n));
    const std::vector<double> a = normal_matrix(m, n, 11);
    const std::vector<double> q = qr_positive(a, m, n);
    std::vector<double> r(n * n, 0.0);
    for (std::size_t k = 0; k < m; ++k)
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) r[i * n + j] += q[k * n + i] * a[k * n + j];
    for (std::size_t i = 0; i < n; ++i) {
      EXPECT_GT(r[i * n + i], 0.0);
      for (std::size_t j = 0; j < i; ++j) EXPECT_NEAR(r[i * n + j], 0.0, 1e-12);
    }
    for (std::size_t k = 0; k < m; ++k) {
      for (std::size_t j = 0; j < n; ++j) {
        double value = 0.0;
        for (std::size_t i = 0; i < n; ++i) value += q[k * n + i] * r[i * n + j];
        EXPECT_NEAR(value, a[k * n + j], 1e-12);
      }
    }
  }
}

// The blocked QR takes its sums in another order than the unblocked one, so the two agree to
// rounding only. Both are backward stable, and a 4H x H normal matrix is well conditioned (its
// singular values lie near sqrt(4H) +- sqrt(H): a condition number near 3), so Q moves by
// only a few ulps of 1. Measured: at most 2.5e-15 for H up to 1024; 1e-13 leaves a factor 40,
// while a wrong reflection or block moves entries by O(1/sqrt(4H)).
TEST(QrPositive, AgreesWithTheUnblockedAlgorithm) {
  for (std::size_t n : {1, 2, 3, 7, 64, 65, 129}) {
    const std::size_t m = 4 * n;
    SCOPED_TRACE("H = " + std::to_string(n));
    const std::vector<double> a = normal_matrix(m, n, 100 + n);
    const std::vector<double> q = qr_positive(a, m, n);
    const std::vector<double> expected = unblocked_qr_positive(a, m, n);
    double worst = 0.0;
    for (std::size_t k = 0; k < q.size(); ++k)
      worst = std::max(worst, std::abs(q[k] - expected[k]));
    EXPECT_LT(worst, 1e-13);
  }
}

TEST(QrPositive, ColumnsAreOrthonormalForManyShapes) {
  // Householder QR loses orthogonality only to rounding, ~m * 1e-16 in the worst case and far
  // less in practice (measured: under 1e-14 up to 1024 x 256); 1e-13 leaves margin, while a
  // wrong sign, a missed reflection or a block applied to the wrong columns gives errors of
  // order 1. The shapes cover one column, square, widths that are not multiples of the panel
  // (128) or of the inner panel (32), and more than one panel (with its update split across
  // threads).
  const std::pair<std::size_t, std::size_t> shapes[] = {{4, 1},     {12, 3},   {28, 7},
                                                        {200, 200}, {260, 65}, {300, 129}};
  for (const auto& [m, n] : shapes) {
    SCOPED_TRACE(std::to_string(m) + " x " + std::to_string(n));
    const std::vector<double> q = qr_positive(normal_matrix(m, n, m + n), m, n);
    EXPECT_LT(column_orthonormality_error(q, m, n), 1e-13);
  }
}

TEST(QrPositive, AZeroColumnNeedsNoReflection) {
  // A zero column has no Householder vector (tau = 0); the result must still be orthonormal
  // and match the unblocked algorithm, which skips that reflection the same way.
  constexpr std::size_t m = 40, n = 10;
  std::vector<double> a = normal_matrix(m, n, 3);
  for (std::size_t i = 0; i < m; ++i) a[i * n + 3] = 0.0;
  const std::vector<double> q = qr_positive(a, m, n);
  const std::vector<double> expected = unblocked_qr_positive(a, m, n);
  for (std::size_t k = 0; k < q.size(); ++k) EXPECT_NEAR(q[k], expected[k], 1e-13) << k;
  EXPECT_LT(column_orthonormality_error(q, m, n), 1e-13);
}

TEST(InitialWeights, FollowKerasDefaultsInTheCanonicalLayout) {
  constexpr std::size_t kHidden = 16, kLayers = 2, kInput = 1;
  const std::vector<float> w = initial_weights(model_spec(kHidden, kLayers), kInput);
  const CanonicalLayout layout(kInput, kHidden, kLayers);
  ASSERT_EQ(w.size(), layout.total());

  for (std::size_t l = 0; l < kLayers; ++l) {
    SCOPED_TRACE("layer " + std::to_string(l));
    const CanonicalLayer& layer = layout.layer(l);
    // Glorot: fan_in = the layer's input width, fan_out = 4H.
    const double limit = std::sqrt(6.0 / static_cast<double>(layer.input_width + 4 * kHidden));
    double largest = 0.0;
    for (std::size_t k = 0; k < layer.input_width * 4 * kHidden; ++k) {
      const float v = w[layer.kernel_offset + k];
      ASSERT_LT(std::abs(v), limit);
      ASSERT_NE(v, 0.0f) << "kernel element " << k << " not written";
      largest = std::max(largest, static_cast<double>(std::abs(v)));
    }
    // At least 64 uniform draws: the chance that none exceeds 0.85 limit is 0.85^64 = 3e-5 for
    // layer 0 and far less for layer 1; a limit computed with the wrong fans fails one of
    // these two bounds.
    EXPECT_GT(largest, 0.85 * limit);

    // Orthogonal (H, 4H): orthonormal rows. Each float element is off by at most 2^-24
    // relative, so a dot of two unit rows is off by ~2 * 6e-8; 1e-6 is a safe bound, and a
    // non-orthogonal matrix of normals would be off by O(1).
    const float* recurrent = &w[layer.recurrent_offset];
    EXPECT_LT(row_orthonormality_error(recurrent, kHidden, 4 * kHidden), 1e-6);
    for (std::size_t k = 0; k < kHidden * 4 * kHidden; ++k)
      ASSERT_NE(recurrent[k], 0.0f) << "recurrent element " << k << " not written";

    // Bias: 1 for the forget gate (gate 1, columns H..2H-1), 0 elsewhere.
    for (std::size_t k = 0; k < 4 * kHidden; ++k) {
      const bool forget = k >= kHidden && k < 2 * kHidden;
      EXPECT_EQ(w[layer.bias_offset + k], forget ? 1.0f : 0.0f) << "bias " << k;
    }
  }
  const double dense_limit = std::sqrt(6.0 / (kHidden + 1));
  for (std::size_t k = 0; k < kHidden; ++k) {
    const float v = w[layout.dense_kernel_offset() + k];
    EXPECT_LT(std::abs(v), dense_limit);
    EXPECT_NE(v, 0.0f);
  }
  EXPECT_EQ(w[layout.dense_bias_offset()], 0.0f);
}

TEST(InitialWeights, RecurrentKernelsDifferAcrossLayers) {
  const std::vector<float> w = initial_weights(model_spec(8, 2));
  const CanonicalLayout layout(1, 8, 2);
  EXPECT_NE(std::memcmp(&w[layout.layer(0).recurrent_offset], &w[layout.layer(1).recurrent_offset],
                        8 * 32 * sizeof(float)),
            0);
}

TEST(InitialWeights, DeterministicPerSeedAndIndependentOfData) {
  const std::vector<float> a = initial_weights(model_spec(8, 1, 42));
  const std::vector<float> b = initial_weights(model_spec(8, 1, 42));
  const std::vector<float> c = initial_weights(model_spec(8, 1, 43));
  EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)), 0);
  EXPECT_NE(std::memcmp(a.data(), c.data(), a.size() * sizeof(float)), 0);
  // The data settings draw from another stream: changing them leaves the weights alone.
  suite::CaseSpec other = model_spec(8, 1, 42);
  other.seq_len = 7;
  other.train_windows = 3;
  other.data_source = "csv";
  const std::vector<float> d = initial_weights(other);
  EXPECT_EQ(std::memcmp(a.data(), d.data(), a.size() * sizeof(float)), 0);
}

TEST(Orthogonal, TallMatricesHaveOrthonormalColumns) {
  RandomStream random(5, Stream::kWeights);
  constexpr std::size_t rows = 12, cols = 5;
  std::vector<float> m(rows * cols);
  orthogonal(random, rows, cols, m.data());
  // Transpose, then reuse the row check. Tolerance as above.
  std::vector<float> t(rows * cols);
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < cols; ++j) t[j * rows + i] = m[i * cols + j];
  EXPECT_LT(row_orthonormality_error(t.data(), cols, rows), 1e-6);
}

TEST(Orthogonal, WideSquareAndTallResultsAreOrthonormal) {
  // Float results: each element is off by at most 2^-24 relative, so dots of unit vectors are
  // off by ~1e-7 (tolerance as above). Wide: orthonormal rows (the recurrent kernel's case);
  // tall: orthonormal columns; square: both.
  const std::pair<std::size_t, std::size_t> shapes[] = {{65, 260}, {129, 129}, {260, 65}};
  for (const auto& [rows, cols] : shapes) {
    SCOPED_TRACE(std::to_string(rows) + " x " + std::to_string(cols));
    RandomStream random(9, Stream::kWeights);
    std::vector<float> m(rows * cols);
    orthogonal(random, rows, cols, m.data());
    std::vector<float> t(rows * cols);
    for (std::size_t i = 0; i < rows; ++i)
      for (std::size_t j = 0; j < cols; ++j) t[j * rows + i] = m[i * cols + j];
    if (rows <= cols) {
      EXPECT_LT(row_orthonormality_error(m.data(), rows, cols), 1e-6);
    }
    if (rows >= cols) {
      EXPECT_LT(row_orthonormality_error(t.data(), cols, rows), 1e-6);
    }
  }
}

TEST(Orthogonal, SameSeedSameBits) {
  // Large enough that the block updates are split across threads: the split must not change
  // a single bit.
  constexpr std::size_t rows = 256, cols = 1024;
  std::vector<float> first(rows * cols), second(rows * cols);
  RandomStream a(21, Stream::kWeights), b(21, Stream::kWeights);
  orthogonal(a, rows, cols, first.data());
  orthogonal(b, rows, cols, second.data());
  EXPECT_EQ(std::memcmp(first.data(), second.data(), first.size() * sizeof(float)), 0);
}

}  // namespace
}  // namespace lstmbench::workload
