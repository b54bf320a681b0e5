// The head's arithmetic (plugins/cudnn/head_math.hpp), composed the way the kernels compose it
// (per chunk of kHeadRows rows in row order, then over the chunks in chunk order), against a
// straightforward double computation. Runs on the host: the same functions run on the GPU in
// the fused (graph) and unfused (eager) heads, which therefore agree bit for bit.
#include "head_math.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <vector>

namespace lstmbench::cudnn_backend {
namespace {

constexpr double kUnitRoundoff = 0x1p-24;  // float's u

struct HeadCase {
  int batch;
  int hidden;
  float scale;  // the fp16 loss scale (a power of two) or 1
};

struct HeadData {
  std::vector<float> pred, targets, h, dense;  // h: [batch][hidden]; dense: [hidden] kernel
};

struct HeadResult {
  float loss = 0.0f;
  std::vector<float> kernel_grad;  // [hidden]
  float bias_grad = 0.0f;
  std::vector<float> dh;  // [batch][hidden]
};

HeadData random_data(const HeadCase& c, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  HeadData d;
  auto fill = [&](std::vector<float>& v, std::size_t n) {
    v.resize(n);
    for (float& x : v) x = normal(rng);
  };
  fill(d.pred, c.batch);
  fill(d.targets, c.batch);
  fill(d.h, static_cast<std::size_t>(c.batch) * c.hidden);
  fill(d.dense, c.hidden);
  return d;
}

// What chunk_backward and the finish functions in kernels.cu do, one chunk after another.
HeadResult chunked(const HeadCase& c, const HeadData& d) {
  const int chunks = head::num_chunks(c.batch);
  std::vector<float> scratch(head::scratch_floats(c.batch, c.hidden), NAN);
  HeadResult r;
  r.dh.assign(static_cast<std::size_t>(c.batch) * c.hidden, NAN);
  const float inv_batch = 1.0f / static_cast<float>(c.batch);
  for (int chunk = 0; chunk < chunks; ++chunk) {
    const int first = chunk * head::kHeadRows;
    const int rows = std::min(head::kHeadRows, c.batch - first);
    std::vector<float> rows_pred(d.pred.begin() + first, d.pred.begin() + first + rows);
    std::vector<float> rows_target(d.targets.begin() + first, d.targets.begin() + first + rows);
    scratch[head::loss_partial_index(chunks, c.hidden, chunk)] =
        head::chunk_squared_error(rows_pred.data(), rows_target.data(), rows);
    for (int i = 0; i < rows; ++i)
      rows_pred[i] = head::mse_gradient(rows_pred[i], rows_target[i], inv_batch);
    for (int j = 0; j <= c.hidden; ++j) {
      auto h_at = [&](int row) {
        return d.h[static_cast<std::size_t>(first + row) * c.hidden + j];
      };
      scratch[head::grad_partial_index(chunk, c.hidden, j)] =
          j < c.hidden ? head::chunk_kernel_gradient(rows_pred.data(), rows, h_at)
                       : head::chunk_bias_gradient(rows_pred.data(), rows);
    }
    for (int i = 0; i < rows * c.hidden; ++i)
      r.dh[static_cast<std::size_t>(first) * c.hidden + i] =
          head::hidden_gradient(rows_pred[i / c.hidden], d.dense[i % c.hidden], c.scale);
  }
  r.kernel_grad.resize(c.hidden);
  for (int j = 0; j <= c.hidden; ++j) {
    float g = head::sum_over_chunks(
        chunks, [&](int k) { return scratch[head::grad_partial_index(k, c.hidden, j)]; });
    (j < c.hidden ? r.kernel_grad[j] : r.bias_grad) = g;
  }
  r.loss =
      head::sum_over_chunks(
          chunks, [&](int k) { return scratch[head::loss_partial_index(chunks, c.hidden, k)]; }) *
      inv_batch;
  return r;
}

// Error bound of a float sum whose every term passes through at most `depth` additions (fused
// or not) and carries at most 5 roundings of its own (the difference, the products, 1/batch):
// |computed - exact| <= (depth + 5) * u * sum|terms|, the classic gamma_n bound; the factor 1.1
// covers its second-order terms. The chunked sums have depth kHeadRows + chunks, far below the
// batch size for large batches: the test fails if a sum runs in one long chain.
double sum_bound(int batch, double sum_abs) {
  const int depth = head::kHeadRows + head::num_chunks(batch);
  return 1.1 * (depth + 5) * kUnitRoundoff * sum_abs;
}

void expect_matches_double(const HeadCase& c) {
  HeadData d = random_data(c, 1000u * c.batch + c.hidden);
  HeadResult got = chunked(c, d);
  const double n = c.batch;

  double sse = 0.0, sse_abs = 0.0;
  std::vector<double> dpred(c.batch);
  for (int b = 0; b < c.batch; ++b) {
    double diff = static_cast<double>(d.pred[b]) - d.targets[b];
    sse += diff * diff;
    sse_abs += diff * diff;
    dpred[b] = 2.0 * diff / n;
  }
  EXPECT_NEAR(got.loss, sse / n, sum_bound(c.batch, sse_abs / n)) << "loss";

  for (int j = 0; j <= c.hidden; ++j) {
    double exact = 0.0, sum_abs = 0.0;
    for (int b = 0; b < c.batch; ++b) {
      double term =
          j < c.hidden ? dpred[b] * d.h[static_cast<std::size_t>(b) * c.hidden + j] : dpred[b];
      exact += term;
      sum_abs += std::abs(term);
    }
    float value = j < c.hidden ? got.kernel_grad[j] : got.bias_grad;
    ASSERT_NEAR(value, exact, sum_bound(c.batch, sum_abs)) << "Dense gradient " << j;
  }

  // Each element is a product of three rounded factors: at most 6 roundings.
  for (int b = 0; b < c.batch; ++b)
    for (int j = 0; j < c.hidden; ++j) {
      std::size_t i = static_cast<std::size_t>(b) * c.hidden + j;
      double exact = dpred[b] * d.dense[j] * c.scale;
      ASSERT_NEAR(got.dh[i], exact, 7 * kUnitRoundoff * std::abs(exact)) << "dh " << b << "," << j;
    }
}

TEST(CudnnHeadMath, MatchesDoubleAcrossChunkBoundaries) {
  // 1 row, part of a chunk, exactly one chunk, one more row, many chunks, the largest batch.
  for (int batch : {1, 7, 32, 33, 100, 257, 8192})
    for (int hidden : {1, 5, 64}) {
      SCOPED_TRACE(::testing::Message() << "batch " << batch << ", hidden " << hidden);
      expect_matches_double({batch, hidden, 1.0f});
    }
}

TEST(CudnnHeadMath, ScalesHiddenGradientByTheLossScale) {
  expect_matches_double({65, 16, 32768.0f});
}

// Every partial has its own slot inside the scratch buffer: no two chunks (or a chunk's loss and
// a gradient) share one, so the blocks never overwrite each other's partials.
TEST(CudnnHeadMath, ScratchSlotsAreDistinctAndInBounds) {
  for (int batch : {1, 32, 33, 8192})
    for (int hidden : {1, 64}) {
      const int chunks = head::num_chunks(batch);
      const std::size_t size = head::scratch_floats(batch, hidden);
      std::set<std::size_t> slots;
      for (int c = 0; c < chunks; ++c) {
        for (int j = 0; j <= hidden; ++j) slots.insert(head::grad_partial_index(c, hidden, j));
        slots.insert(head::loss_partial_index(chunks, hidden, c));
      }
      EXPECT_EQ(slots.size(), static_cast<std::size_t>(chunks) * (hidden + 2));
      EXPECT_LT(*slots.rbegin(), size);
    }
}

TEST(CudnnHeadMath, ChunksCoverTheBatch) {
  EXPECT_EQ(head::num_chunks(1), 1);
  EXPECT_EQ(head::num_chunks(head::kHeadRows), 1);
  EXPECT_EQ(head::num_chunks(head::kHeadRows + 1), 2);
  EXPECT_EQ(head::num_chunks(8192), 8192 / head::kHeadRows);
}

}  // namespace
}  // namespace lstmbench::cudnn_backend
