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
  // Large enough that the normal draws, the Gram tiles and the rows of Q are split across
  // threads: which thread computed what must not change a single bit.
  constexpr std::size_t rows = 256, cols = 1024;
  std::vector<float> first(rows * cols), second(rows * cols);
  RandomStream a(21, Stream::kWeights), b(21, Stream::kWeights);
  orthogonal(a, rows, cols, first.data());
  orthogonal(b, rows, cols, second.data());
  EXPECT_EQ(std::memcmp(first.data(), second.data(), first.size() * sizeof(float)), 0);
}

}  // namespace
}  // namespace lstmbench::workload
