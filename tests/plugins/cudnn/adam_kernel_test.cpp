// The cuDNN backend's Adam kernel against the SDK's Keras Adam (lstmbench/keras_adam.hpp), on
// the GPU: the kernel computes the step size in float with powf and writes the moments in the
// lerp form m + (g - m)(1 - beta1), so only a run on a device shows it keeps Keras's numbers.
// Skips without a device.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <lstmbench/keras_adam.hpp>
#include <random>
#include <span>
#include <vector>

#include "kernels.cuh"

namespace lstmbench::cudnn_backend {
namespace {

constexpr int kSteps = 6;
constexpr std::size_t kSize = 64;
constexpr sdk::AdamSettings kSettings{0.01, 0.9, 0.999, 1e-7};

template <class T>
struct DeviceArray {
  T* data = nullptr;
  explicit DeviceArray(std::size_t n) { EXPECT_EQ(cudaMalloc(&data, n * sizeof(T)), cudaSuccess); }
  ~DeviceArray() { cudaFree(data); }
  void put(const std::vector<T>& host) {
    ASSERT_EQ(cudaMemcpy(data, host.data(), host.size() * sizeof(T), cudaMemcpyHostToDevice),
              cudaSuccess);
  }
  std::vector<T> get(std::size_t n) const {
    std::vector<T> host(n);
    EXPECT_EQ(cudaMemcpy(host.data(), data, n * sizeof(T), cudaMemcpyDeviceToHost), cudaSuccess);
    return host;
  }
};

TEST(CudnnAdamKernel, FollowsKerasAdamOverSixSteps) {
  int devices = 0;
  if (cudaGetDeviceCount(&devices) != cudaSuccess || devices == 0)
    GTEST_SKIP() << "no CUDA device visible";

  // Seeded weights in float (both sides start from the same floats) and gradients; every
  // fourth gradient is ~1e-9, where epsilon decides the step.
  std::mt19937_64 gen(20241130);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<float> w0(kSize);
  for (float& x : w0) x = uniform(gen);
  std::vector<std::vector<float>> grads(kSteps, std::vector<float>(kSize));
  for (auto& g : grads)
    for (std::size_t i = 0; i < kSize; ++i) g[i] = normal(gen) * (i % 4 == 0 ? 1e-9f : 1.0f);

  DeviceArray<float> params(kSize), grad(kSize), m(kSize), v(kSize);
  DeviceArray<unsigned char> mask(kSize);
  DeviceArray<DeviceState> state(1);
  params.put(w0);
  m.put(std::vector<float>(kSize, 0.0f));
  v.put(std::vector<float>(kSize, 0.0f));
  mask.put(std::vector<unsigned char>(kSize, 1));
  DeviceState initial{};
  initial.loss_scale = 1.0f;
  state.put({initial});
  const OptimizerArgs args{true, static_cast<float>(kSettings.learning_rate),
                           static_cast<float>(kSettings.beta1), static_cast<float>(kSettings.beta2),
                           static_cast<float>(kSettings.epsilon)};
  for (int s = 0; s < kSteps; ++s) {
    grad.put(grads[s]);
    launch_optimizer(params.data, grad.data, m.data, v.data, mask.data, 0, kSize, state.data, args,
                     nullptr);
    launch_finish_step(state.data, false, nullptr);  // t advances as after a real step
  }
  ASSERT_EQ(cudaDeviceSynchronize(), cudaSuccess);
  const std::vector<float> got = params.get(kSize);

  // The SDK's Adam in double from the same floats.
  std::vector<double> w(w0.begin(), w0.end()), mm(kSize, 0.0), vv(kSize, 0.0);
  sdk::AdamClock clock(kSettings);
  for (int s = 0; s < kSteps; ++s) {
    std::vector<double> g(grads[s].begin(), grads[s].end());
    sdk::adam_update<double>(std::span<double>(w), std::span<const double>(g),
                             std::span<double>(mm), std::span<double>(vv), clock.next<double>());
  }
  // Each step rounds w (|w| <= ~1) to float once (<= 6e-8) and its update of ~lr carries a few
  // float roundings of relative 6e-8 (powf, sqrtf, the lerp): after 6 steps at most ~4e-7 apart.
  // 1e-6 keeps a margin and still fails a wrong form: epsilon misplaced moves the tiny-gradient
  // weights by ~lr, a wrong bias correction by ~lr * 0.1 in the first steps.
  for (std::size_t i = 0; i < kSize; ++i)
    EXPECT_NEAR(got[i], w[i], 1e-6) << "weight " << i << (i % 4 == 0 ? " (tiny gradient)" : "");
}

}  // namespace
}  // namespace lstmbench::cudnn_backend
