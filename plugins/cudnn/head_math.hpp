// The arithmetic of the Dense(1) head, MSE and their gradients, element by element and chunk by
// chunk, shared by the CUDA kernels (fused and unfused paths) and the host tests. Plain C++ where
// no CUDA compiler is present, __host__ __device__ under nvcc.
//
// Work is split into chunks of kHeadRows batch rows. Every sum over the batch is taken in two
// fixed-order stages: within a chunk over its rows in row order, then over the chunks in chunk
// order. The result does not depend on which block or kernel ran a chunk, so the fused (graph)
// and unfused (eager) heads agree bit for bit, and any batch size spreads over many blocks.
#pragma once

#include <cmath>
#include <cstddef>

#if defined(__CUDACC__)
#define LSTMBENCH_HD __host__ __device__
#else
#define LSTMBENCH_HD
#endif

namespace lstmbench::cudnn_backend::head {

// Rows per chunk: one thread block's share of the batch.
inline constexpr int kHeadRows = 32;

LSTMBENCH_HD inline int num_chunks(int rows) { return (rows + kHeadRows - 1) / kHeadRows; }

// Scratch per step: (hidden + 1) Dense-gradient partials and one loss partial per chunk.
LSTMBENCH_HD inline std::size_t scratch_floats(int batch, int hidden) {
  return static_cast<std::size_t>(num_chunks(batch)) * (static_cast<std::size_t>(hidden) + 2);
}
// Where chunk c keeps its partial of Dense gradient j (j == hidden: the bias).
LSTMBENCH_HD inline std::size_t grad_partial_index(int chunk, int hidden, int j) {
  return static_cast<std::size_t>(chunk) * (static_cast<std::size_t>(hidden) + 1) +
         static_cast<std::size_t>(j);
}
// Where chunk c keeps its partial sum of squared errors.
LSTMBENCH_HD inline std::size_t loss_partial_index(int chunks, int hidden, int chunk) {
  return static_cast<std::size_t>(chunks) * (static_cast<std::size_t>(hidden) + 1) +
         static_cast<std::size_t>(chunk);
}

// dL/dpred of the batch mean of squared errors.
LSTMBENCH_HD inline float mse_gradient(float pred, float target, float inv_batch) {
  return 2.0f * (pred - target) * inv_batch;
}

// dL/dh_T[b][j] (times the loss scale in fp16).
LSTMBENCH_HD inline float hidden_gradient(float dpred, float dense_weight, float scale) {
  return dpred * dense_weight * scale;
}

// Sum of squared errors over one chunk's rows, in row order.
LSTMBENCH_HD inline float chunk_squared_error(const float* pred, const float* targets, int rows) {
  float sum = 0.0f;
  for (int r = 0; r < rows; ++r) {
    float diff = pred[r] - targets[r];
    sum = fmaf(diff, diff, sum);
  }
  return sum;
}

// One chunk's share of dL/dkernel[j] = sum_b dpred[b] * h[b][j], in row order; h_at(r) is the
// chunk's row r of column j.
template <class HAt>
LSTMBENCH_HD float chunk_kernel_gradient(const float* dpred, int rows, HAt h_at) {
  float sum = 0.0f;
  for (int r = 0; r < rows; ++r) sum = fmaf(dpred[r], h_at(r), sum);
  return sum;
}

// One chunk's share of dL/dbias = sum_b dpred[b], in row order.
LSTMBENCH_HD inline float chunk_bias_gradient(const float* dpred, int rows) {
  float sum = 0.0f;
  for (int r = 0; r < rows; ++r) sum += dpred[r];
  return sum;
}

// The chunks' partials added in chunk order; partial_at(c) is chunk c's value.
template <class PartialAt>
LSTMBENCH_HD float sum_over_chunks(int chunks, PartialAt partial_at) {
  float sum = 0.0f;
  for (int c = 0; c < chunks; ++c) sum += partial_at(c);
  return sum;
}

}  // namespace lstmbench::cudnn_backend::head
