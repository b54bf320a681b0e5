#include <cuda_fp16.h>

#include <cmath>

#include "cuda_check.hpp"
#include "kernels.cuh"

namespace lstmbench::cudnn_backend {
namespace {

// One block size for every reduction, so the fused and unfused heads sum in the same order.
constexpr int kHeadThreads = 512;
constexpr int kWarp = 32;
constexpr unsigned kFullMask = 0xffffffffu;

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

// Block-wide sum of partial (blockDim.x == kHeadThreads, a power of two); result in red[0].
__device__ void block_sum(float partial, float* red) {
  red[threadIdx.x] = partial;
  __syncthreads();
  for (int stride = kHeadThreads / 2; stride > 0; stride >>= 1) {
    if (static_cast<int>(threadIdx.x) < stride) red[threadIdx.x] += red[threadIdx.x + stride];
    __syncthreads();
  }
}

// MSE over the batch; pred_dpred holds pred on entry and dL/dpred on exit (each thread only
// touches its own rows). Thread 0 records the loss.
__device__ void loss_and_dpred(float* pred_dpred, const float* targets, int batch, float* red,
                               float* step_losses, DeviceState* state) {
  float partial = 0.0f;
  float inv_batch = 1.0f / static_cast<float>(batch);
  for (int b = threadIdx.x; b < batch; b += kHeadThreads) {
    float diff = pred_dpred[b] - targets[b];
    partial = fmaf(diff, diff, partial);
    pred_dpred[b] = 2.0f * diff * inv_batch;
  }
  block_sum(partial, red);
  if (threadIdx.x == 0) {
    float loss = red[0] * inv_batch;
    step_losses[state->step_in_epoch] = loss;
    state->epoch_loss_sum += static_cast<double>(loss);
  }
}

__device__ float dense_kernel_grad(const void* h, bool half, const float* dpred, int batch,
                                   int hidden, int j) {
  float sum = 0.0f;
  for (int b = 0; b < batch; ++b)
    sum = fmaf(dpred[b], load(h, half, static_cast<std::size_t>(b) * hidden + j), sum);
  return sum;
}

__device__ float dense_bias_grad(const float* dpred, int batch) {
  float sum = 0.0f;
  for (int b = 0; b < batch; ++b) sum += dpred[b];
  return sum;
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
  extern __shared__ float shared[];
  float* pred = shared;           // [batch], later dL/dpred
  float* red = shared + a.batch;  // [kHeadThreads]
  int lane = threadIdx.x % kWarp;
  int warp = threadIdx.x / kWarp;
  for (int b = warp; b < a.batch; b += kHeadThreads / kWarp) {
    float p = row_prediction(a.h_last, a.half, a.dense, a.hidden, b, lane);
    if (lane == 0) pred[b] = p;
  }
  __syncthreads();
  loss_and_dpred(pred, a.targets, a.batch, red, a.step_losses, a.state);
  __syncthreads();
  float scale = a.scaled ? a.state->loss_scale : 1.0f;
  for (int j = threadIdx.x; j < a.hidden; j += kHeadThreads)
    a.dense_grad[j] = dense_kernel_grad(a.h_last, a.half, pred, a.batch, a.hidden, j);
  if (threadIdx.x == 0) a.dense_grad[a.hidden] = dense_bias_grad(pred, a.batch);
  std::size_t cells = static_cast<std::size_t>(a.batch) * a.hidden;
  for (std::size_t i = threadIdx.x; i < cells; i += kHeadThreads)
    store(a.dh_last, a.half, i, pred[i / a.hidden] * a.dense[i % a.hidden] * scale);
}

__global__ void head_forward_kernel(HeadArgs a) {
  int lane = threadIdx.x % kWarp;
  int row = (blockIdx.x * blockDim.x + threadIdx.x) / kWarp;
  if (row >= a.batch) return;
  float p = row_prediction(a.h_last, a.half, a.dense, a.hidden, row, lane);
  if (lane == 0) a.pred[row] = p;
}

__global__ void head_loss_kernel(HeadArgs a) {
  __shared__ float red[kHeadThreads];
  for (int b = threadIdx.x; b < a.batch; b += kHeadThreads) a.dpred[b] = a.pred[b];
  loss_and_dpred(a.dpred, a.targets, a.batch, red, a.step_losses, a.state);
}

__global__ void head_backward_kernel(HeadArgs a) {
  std::size_t i = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  std::size_t cells = static_cast<std::size_t>(a.batch) * a.hidden;
  if (i < static_cast<std::size_t>(a.hidden))
    a.dense_grad[i] = dense_kernel_grad(a.h_last, a.half, a.dpred, a.batch, a.hidden, i);
  if (i == static_cast<std::size_t>(a.hidden)) a.dense_grad[i] = dense_bias_grad(a.dpred, a.batch);
  if (i < cells) {
    float scale = a.scaled ? a.state->loss_scale : 1.0f;
    store(a.dh_last, a.half, i, a.dpred[i / a.hidden] * a.dense[i % a.hidden] * scale);
  }
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
                                       const float* targets, int batch, int hidden, int num_valid,
                                       DeviceState* state) {
  extern __shared__ float shared[];
  float* pred = shared;
  float* red = shared + batch;
  int lane = threadIdx.x % kWarp;
  int warp = threadIdx.x / kWarp;
  for (int b = warp; b < num_valid; b += kHeadThreads / kWarp) {
    float p = row_prediction(h, half, dense, hidden, b, lane);
    if (lane == 0) pred[b] = p;
  }
  __syncthreads();
  float partial = 0.0f;
  for (int b = threadIdx.x; b < num_valid; b += kHeadThreads) {
    float diff = pred[b] - targets[b];
    partial = fmaf(diff, diff, partial);
  }
  block_sum(partial, red);
  if (threadIdx.x == 0) state->eval_sse += static_cast<double>(red[0]);
}

std::size_t head_shared_bytes(int batch) {
  return (static_cast<std::size_t>(batch) + kHeadThreads) * sizeof(float);
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
  head_fused_kernel<<<1, kHeadThreads, head_shared_bytes(args.batch), stream>>>(args);
  check_launch("head_fused_kernel");
}

void launch_head_unfused(const HeadArgs& args, cudaStream_t stream) {
  constexpr int kThreads = 256;
  head_forward_kernel<<<blocks_for(static_cast<std::size_t>(args.batch) * kWarp, kThreads),
                        kThreads, 0, stream>>>(args);
  check_launch("head_forward_kernel");
  head_loss_kernel<<<1, kHeadThreads, 0, stream>>>(args);
  check_launch("head_loss_kernel");
  std::size_t cells = static_cast<std::size_t>(args.batch) * args.hidden;
  std::size_t items = cells > static_cast<std::size_t>(args.hidden) + 1 ? cells : args.hidden + 1;
  head_backward_kernel<<<blocks_for(items, kThreads), kThreads, 0, stream>>>(args);
  check_launch("head_backward_kernel");
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
                            int batch, int hidden, int num_valid, DeviceState* state,
                            cudaStream_t stream) {
  eval_accumulate_kernel<<<1, kHeadThreads, head_shared_bytes(batch), stream>>>(
      h_last, half, dense, targets, batch, hidden, num_valid, state);
  check_launch("eval_accumulate_kernel");
}

}  // namespace lstmbench::cudnn_backend
