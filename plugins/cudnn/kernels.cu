#include <cuda_fp16.h>

#include <cmath>

#include "cuda_check.hpp"
#include "head_math.hpp"
#include "kernels.cuh"

namespace lstmbench::cudnn_backend {
namespace {

// Threads per block of the head and eval kernels: a warp per row while predicting, a thread per
// row or column in the chunk's backward part.
constexpr int kHeadThreads = 256;
constexpr int kWarp = 32;
constexpr unsigned kFullMask = 0xffffffffu;
static_assert(head::kHeadRows <= kHeadThreads, "one thread per row of a chunk");

__device__ __forceinline__ float load(const void* p, bool half, std::size_t i) {
  return half ? __half2float(static_cast<const __half*>(p)[i]) : static_cast<const float*>(p)[i];
}

__device__ __forceinline__ void store(void* p, bool half, std::size_t i, float value) {
  if (half) {
    static_cast<__half*>(p)[i] = __float2half_rn(value);
  } else {
    static_cast<float*>(p)[i] = value;
  }
}

unsigned blocks_for(std::size_t count, int threads) {
  return static_cast<unsigned>((count + threads - 1) / threads);
}

// pred = h[row] . w + bias, summed by one warp in a fixed lane order.
__device__ float row_prediction(const void* h, bool half, const float* dense, int hidden, int row,
                                int lane) {
  float sum = 0.0f;
  std::size_t base = static_cast<std::size_t>(row) * hidden;
  for (int j = lane; j < hidden; j += kWarp) sum = fmaf(load(h, half, base + j), dense[j], sum);
  for (int offset = kWarp / 2; offset > 0; offset >>= 1)
    sum += __shfl_xor_sync(kFullMask, sum, offset);
  return sum + dense[hidden];
}

// pred_out[r] = prediction of batch row first + r, for r < rows; one warp per row.
__device__ void predict_rows(const void* h, bool half, const float* dense, int hidden, int first,
                             int rows, float* pred_out) {
  int lane = threadIdx.x % kWarp;
  int warp = threadIdx.x / kWarp;
  for (int r = warp; r < rows; r += kHeadThreads / kWarp) {
    float p = row_prediction(h, half, dense, hidden, first + r, lane);
    if (lane == 0) pred_out[r] = p;
  }
}

// The part of the head one block does for its chunk of the batch, given the chunk's predictions
// in shared memory (rows_pred, overwritten with dL/dpred): the chunk's loss and Dense-gradient
// partials into scratch, and its rows of dL/dh_T.
__device__ void chunk_backward(const HeadArgs& a, int chunk, int chunks, float* rows_pred,
                               float* rows_target) {
  const int first = chunk * head::kHeadRows;
  const int rows = min(head::kHeadRows, a.batch - first);
  const int tid = static_cast<int>(threadIdx.x);
  if (tid < rows) rows_target[tid] = a.targets[first + tid];
  __syncthreads();
  if (tid == 0)
    a.scratch[head::loss_partial_index(chunks, a.hidden, chunk)] =
        head::chunk_squared_error(rows_pred, rows_target, rows);
  __syncthreads();
  const float inv_batch = 1.0f / static_cast<float>(a.batch);
  if (tid < rows) rows_pred[tid] = head::mse_gradient(rows_pred[tid], rows_target[tid], inv_batch);
  __syncthreads();
  const float* dpred = rows_pred;
  for (int j = tid; j <= a.hidden; j += kHeadThreads) {
    auto h_at = [&](int r) {
      return load(a.h_last, a.half, static_cast<std::size_t>(first + r) * a.hidden + j);
    };
    float g = j < a.hidden ? head::chunk_kernel_gradient(dpred, rows, h_at)
                           : head::chunk_bias_gradient(dpred, rows);
    a.scratch[head::grad_partial_index(chunk, a.hidden, j)] = g;
  }
  const float scale = a.scaled ? a.state->loss_scale : 1.0f;
  const std::size_t base = static_cast<std::size_t>(first) * a.hidden;
  const std::size_t cells = static_cast<std::size_t>(rows) * a.hidden;
  for (std::size_t i = tid; i < cells; i += kHeadThreads)
    store(a.dh_last, a.half, base + i,
          head::hidden_gradient(dpred[i / a.hidden], a.dense[i % a.hidden], scale));
}

// Dense gradient j from the chunks' partials. __ldcg reads past L1, which is not coherent with
// the other blocks' writes.
__device__ void finish_gradient(const HeadArgs& a, int chunks, int j) {
  a.dense_grad[j] = head::sum_over_chunks(
      chunks, [&](int c) { return __ldcg(a.scratch + head::grad_partial_index(c, a.hidden, j)); });
}

// The step's loss from the chunks' partials, into its slot and the epoch's sum.
__device__ void finish_loss(const HeadArgs& a, int chunks) {
  float sse = head::sum_over_chunks(chunks, [&](int c) {
    return __ldcg(a.scratch + head::loss_partial_index(chunks, a.hidden, c));
  });
  float loss = sse * (1.0f / static_cast<float>(a.batch));
  a.step_losses[a.state->step_in_epoch] = loss;
  a.state->epoch_loss_sum += static_cast<double>(loss);
}

// RETURNS (in every thread): whether this block is the grid's last to get here; the others'
// partials are then visible to it. Resets the counter for the next launch or graph replay.
__device__ bool last_block_done(std::uint32_t* counter) {
  __shared__ bool last;
  __threadfence();  // this block's partials reach device scope before it counts itself
  __syncthreads();
  if (threadIdx.x == 0) {
    last = atomicAdd(counter, 1u) == gridDim.x - 1;
    if (last) *counter = 0;
  }
  __syncthreads();
  return last;
}

__global__ void epoch_begin_kernel(DeviceState* state) {
  state->step_in_epoch = 0;
  state->epoch_skipped = 0;
  state->epoch_loss_sum = 0.0;
}

__global__ void gather_kernel(GatherArgs a) {
  std::size_t total = static_cast<std::size_t>(a.seq_len) * a.batch * a.padded_input;
  std::size_t i = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= total) return;
  int c = static_cast<int>(i % a.padded_input);
  int b = static_cast<int>((i / a.padded_input) % a.batch);
  int t = static_cast<int>(i / (static_cast<std::size_t>(a.padded_input) * a.batch));
  long long start =
      a.base + (a.state ? static_cast<long long>(a.state->step_in_epoch) * a.batch : 0);
  int window = a.order[start + b];
  float value = 0.0f;
  if (window >= 0 && c < a.input_size)
    value = a.x_all[(static_cast<std::size_t>(window) * a.seq_len + t) * a.input_size + c];
  store(a.x_out, a.half, i, value);
  if (t == 0 && c == 0) a.y_out[b] = window >= 0 ? a.y_all[window] : 0.0f;
}

__global__ void head_fused_kernel(HeadArgs a) {
  __shared__ float rows_pred[head::kHeadRows];
  __shared__ float rows_target[head::kHeadRows];
  const int chunks = static_cast<int>(gridDim.x);
  const int chunk = static_cast<int>(blockIdx.x);
  const int first = chunk * head::kHeadRows;
  predict_rows(a.h_last, a.half, a.dense, a.hidden, first, min(head::kHeadRows, a.batch - first),
               rows_pred);
  __syncthreads();
  chunk_backward(a, chunk, chunks, rows_pred, rows_target);
  if (!last_block_done(&a.state->blocks_done)) return;
  for (int j = threadIdx.x; j <= a.hidden; j += kHeadThreads) finish_gradient(a, chunks, j);
  if (threadIdx.x == 0) finish_loss(a, chunks);
}

__global__ void head_forward_kernel(HeadArgs a) {
  const int first = static_cast<int>(blockIdx.x) * (kHeadThreads / kWarp);
  predict_rows(a.h_last, a.half, a.dense, a.hidden, first,
               min(kHeadThreads / kWarp, a.batch - first), a.pred + first);
}

__global__ void head_chunk_kernel(HeadArgs a) {
  __shared__ float rows_pred[head::kHeadRows];
  __shared__ float rows_target[head::kHeadRows];
  const int chunk = static_cast<int>(blockIdx.x);
  const int first = chunk * head::kHeadRows;
  if (static_cast<int>(threadIdx.x) < min(head::kHeadRows, a.batch - first))
    rows_pred[threadIdx.x] = a.pred[first + threadIdx.x];
  __syncthreads();
  chunk_backward(a, chunk, static_cast<int>(gridDim.x), rows_pred, rows_target);
}

__global__ void head_finish_kernel(HeadArgs a) {
  const int chunks = head::num_chunks(a.batch);
  const int j = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
  if (j <= a.hidden) finish_gradient(a, chunks, j);
  if (j == 0) finish_loss(a, chunks);
}

__global__ void cast_to_half_kernel(const float* source, __half* out, std::size_t count) {
  std::size_t i = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < count) out[i] = __float2half_rn(source[i]);
}

__global__ void unscale_check_kernel(const __half* dw, float* grads, std::size_t num_ws,
                                     std::size_t num_total, DeviceState* state,
                                     long long inject_step) {
  std::size_t i = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= num_total) return;
  float g;
  if (i < num_ws) {
    g = __half2float(dw[i]) / state->loss_scale;
    if (i == 0 && inject_step > 0 && state->global_step + 1 == inject_step) g = NAN;
    grads[i] = g;
  } else {
    g = grads[i];
  }
  if (!isfinite(g)) state->overflow = 1;  // every writer stores 1: the race is benign
}

// Keras Adam.update_step: alpha = lr*sqrt(1-b2^t)/(1-b1^t); m += (g-m)(1-b1);
// v += (g^2-v)(1-b2); w -= (m*alpha)/(sqrt(v)+eps), all in float32.
__global__ void optimizer_kernel(float* params, const float* grads, float* m, float* v,
                                 const unsigned char* mask, std::size_t begin, std::size_t count,
                                 const DeviceState* state, OptimizerArgs a) {
  std::size_t i = begin + static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= begin + count || state->overflow || !mask[i]) return;
  float g = grads[i];
  if (!a.adam) {
    params[i] -= a.learning_rate * g;
    return;
  }
  float t = static_cast<float>(state->adam_step + 1);
  float alpha = a.learning_rate * sqrtf(1.0f - powf(a.beta2, t)) / (1.0f - powf(a.beta1, t));
  float mi = m[i] + (g - m[i]) * (1.0f - a.beta1);
  float vi = v[i] + (g * g - v[i]) * (1.0f - a.beta2);
  m[i] = mi;
  v[i] = vi;
  params[i] -= (mi * alpha) / (sqrtf(vi) + a.epsilon);
}

__global__ void finish_step_kernel(DeviceState* state, bool dynamic_scaling) {
  state->global_step += 1;
  state->step_in_epoch += 1;
  if (dynamic_scaling && state->overflow) {
    state->loss_scale *= 0.5f;
    state->good_steps = 0;
    state->epoch_skipped += 1;
    state->skipped_total += 1;
  } else {
    state->adam_step += 1;
    if (dynamic_scaling && ++state->good_steps >= kLossScaleGrowthSteps) {
      state->loss_scale *= 2.0f;
      state->good_steps = 0;
    }
  }
  state->overflow = 0;
}

__global__ void eval_begin_kernel(DeviceState* state) { state->eval_sse = 0.0; }

__global__ void eval_accumulate_kernel(const void* h, bool half, const float* dense,
                                       const float* targets, int hidden, int num_valid,
                                       float* scratch, DeviceState* state) {
  __shared__ float rows_pred[head::kHeadRows];
  __shared__ float rows_target[head::kHeadRows];
  const int chunk = static_cast<int>(blockIdx.x);
  const int first = chunk * head::kHeadRows;
  const int rows = min(head::kHeadRows, num_valid - first);
  predict_rows(h, half, dense, hidden, first, rows, rows_pred);
  if (static_cast<int>(threadIdx.x) < rows) rows_target[threadIdx.x] = targets[first + threadIdx.x];
  __syncthreads();
  if (threadIdx.x == 0) scratch[chunk] = head::chunk_squared_error(rows_pred, rows_target, rows);
  if (!last_block_done(&state->blocks_done)) return;
  if (threadIdx.x == 0)
    state->eval_sse += static_cast<double>(head::sum_over_chunks(
        static_cast<int>(gridDim.x), [&](int c) { return __ldcg(scratch + c); }));
}

}  // namespace

void launch_epoch_begin(DeviceState* state, cudaStream_t stream) {
  epoch_begin_kernel<<<1, 1, 0, stream>>>(state);
  check_launch("epoch_begin_kernel");
}

void launch_gather(const GatherArgs& args, cudaStream_t stream) {
  std::size_t total = static_cast<std::size_t>(args.seq_len) * args.batch * args.padded_input;
  gather_kernel<<<blocks_for(total, 256), 256, 0, stream>>>(args);
  check_launch("gather_kernel");
}

void launch_head_fused(const HeadArgs& args, cudaStream_t stream) {
  head_fused_kernel<<<head::num_chunks(args.batch), kHeadThreads, 0, stream>>>(args);
  check_launch("head_fused_kernel");
}

void launch_head_unfused(const HeadArgs& args, cudaStream_t stream) {
  head_forward_kernel<<<blocks_for(static_cast<std::size_t>(args.batch), kHeadThreads / kWarp),
                        kHeadThreads, 0, stream>>>(args);
  check_launch("head_forward_kernel");
  head_chunk_kernel<<<head::num_chunks(args.batch), kHeadThreads, 0, stream>>>(args);
  check_launch("head_chunk_kernel");
  head_finish_kernel<<<blocks_for(static_cast<std::size_t>(args.hidden) + 1, kHeadThreads),
                       kHeadThreads, 0, stream>>>(args);
  check_launch("head_finish_kernel");
}

void launch_cast_to_half(const float* source, void* half_out, std::size_t count,
                         cudaStream_t stream) {
  cast_to_half_kernel<<<blocks_for(count, 256), 256, 0, stream>>>(
      source, static_cast<__half*>(half_out), count);
  check_launch("cast_to_half_kernel");
}

void launch_unscale_check(const void* dw_half, float* grads, std::size_t num_weight_space,
                          std::size_t num_total, DeviceState* state, std::int64_t inject_step,
                          cudaStream_t stream) {
  unscale_check_kernel<<<blocks_for(num_total, 256), 256, 0, stream>>>(
      static_cast<const __half*>(dw_half), grads, num_weight_space, num_total, state,
      static_cast<long long>(inject_step));
  check_launch("unscale_check_kernel");
}

void launch_optimizer(float* params, const float* grads, float* m, float* v,
                      const unsigned char* mask, std::size_t begin, std::size_t count,
                      const DeviceState* state, const OptimizerArgs& args, cudaStream_t stream) {
  optimizer_kernel<<<blocks_for(count, 256), 256, 0, stream>>>(params, grads, m, v, mask, begin,
                                                               count, state, args);
  check_launch("optimizer_kernel");
}

void launch_finish_step(DeviceState* state, bool dynamic_scaling, cudaStream_t stream) {
  finish_step_kernel<<<1, 1, 0, stream>>>(state, dynamic_scaling);
  check_launch("finish_step_kernel");
}

void launch_eval_begin(DeviceState* state, cudaStream_t stream) {
  eval_begin_kernel<<<1, 1, 0, stream>>>(state);
  check_launch("eval_begin_kernel");
}

void launch_eval_accumulate(const void* h_last, bool half, const float* dense, const float* targets,
                            int hidden, int num_valid, float* scratch, DeviceState* state,
                            cudaStream_t stream) {
  eval_accumulate_kernel<<<head::num_chunks(num_valid), kHeadThreads, 0, stream>>>(
      h_last, half, dense, targets, hidden, num_valid, scratch, state);
  check_launch("eval_accumulate_kernel");
}

}  // namespace lstmbench::cudnn_backend
