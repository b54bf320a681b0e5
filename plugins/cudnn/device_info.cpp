#include "device_info.hpp"

#include <cuda_runtime.h>
#include <cudnn.h>
#include <fmt/format.h>

#include <lstmbench/plugin.hpp>
#include <nlohmann/json.hpp>

namespace lstmbench::cudnn_backend {
namespace {

// CUDA encodes versions as 1000*major + 10*minor (13000 = 13.0).
std::string cuda_version_text(int version) {
  return fmt::format("{}.{}", version / 1000, (version % 1000) / 10);
}

// cuDNN 9 encodes versions as 10000*major + 100*minor + patch (91900 = 9.19.0).
std::string cudnn_version_text(std::size_t version) {
  return fmt::format("{}.{}.{}", version / 10000, (version % 10000) / 100, version % 100);
}

}  // namespace

std::string no_device_reason() {
  int count = 0;
  cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess) {
    // The error is sticky for this call only; clear it so a later check starts clean.
    cudaGetLastError();
    return fmt::format("no CUDA device visible (cudaGetDeviceCount: {}: {})",
                       cudaGetErrorName(status), cudaGetErrorString(status));
  }
  if (count == 0) return "no CUDA device visible (cudaGetDeviceCount reported 0 devices)";
  return {};
}

std::string environment_json() {
  nlohmann::json env;
  env["plugin"] = "cudnn";
  env["cuda_runtime_built"] = cuda_version_text(CUDART_VERSION);
  int runtime = 0;
  if (cudaRuntimeGetVersion(&runtime) == cudaSuccess)
    env["cuda_runtime_loaded"] = cuda_version_text(runtime);
  int driver = 0;
  // Returns 0 without error when no driver is installed.
  if (cudaDriverGetVersion(&driver) == cudaSuccess)
    env["cuda_driver"] = driver > 0 ? cuda_version_text(driver) : "none";
  env["cudnn_built"] = cudnn_version_text(CUDNN_VERSION);
  env["cudnn_loaded"] = cudnn_version_text(cudnnGetVersion());
  env["devices"] = nlohmann::json::array();

  std::string reason = no_device_reason();
  if (!reason.empty()) {
    env["no_device_reason"] = reason;
    return env.dump();
  }
  int count = 0;
  cudaGetDeviceCount(&count);
  for (int d = 0; d < count; ++d) {
    cudaDeviceProp prop{};
    if (cudaGetDeviceProperties(&prop, d) != cudaSuccess) continue;
    env["devices"].push_back({{"index", d},
                              {"name", prop.name},
                              {"compute_capability", fmt::format("{}.{}", prop.major, prop.minor)},
                              {"memory_bytes", prop.totalGlobalMem},
                              {"multiprocessors", prop.multiProcessorCount}});
  }
  return env.dump();
}

}  // namespace lstmbench::cudnn_backend
