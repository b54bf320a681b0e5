// The `cudnn` backend: what it offers, which cases it takes, and the plugin's export.
#include <lstmbench/plugin.hpp>
#include <memory>
#include <string>

#include "backend_options.hpp"
#include "cudnn_session.hpp"
#include "device_info.hpp"

namespace lstmbench::cudnn_backend {

struct CudnnBackend {
  static sdk::BackendTraits traits() {
    return {"cudnn",
            "cuDNN 9 LSTM (RNN v8 API) with CUDA kernels for the head, MSE and Adam; "
            "Keras-identical numerics",
            "gpu",
            "fp32,fp16",
            "eager,graph",
            "algo,tf32,inject_overflow_step"};
  }

  // Model limits first, then the device: the reason a person needs most comes first, and the
  // model answers are the same on a machine without a GPU.
  static std::string unsupported_reason(const sdk::CaseConfig& config) {
    std::string reason = unsupported_model_reason(config);
    if (!reason.empty()) return reason;
    return no_device_reason();
  }

  static std::unique_ptr<sdk::Session> create(const sdk::CaseConfig& config,
                                              const sdk::Dataset& data,
                                              std::span<const float> weights) {
    return std::make_unique<CudnnSession>(config, data, weights);
  }
};

}  // namespace lstmbench::cudnn_backend

LSTMBENCH_PLUGIN("cudnn", "0.1.0", &lstmbench::cudnn_backend::environment_json,
                 lstmbench::cudnn_backend::CudnnBackend)
