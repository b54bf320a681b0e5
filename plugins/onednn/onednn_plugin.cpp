// The onednn plugin: one backend, "onednn", training on the CPU with oneDNN's LSTM primitives.
#include <lstmbench/plugin.hpp>
#include <memory>

#include "case_check.hpp"
#include "environment.hpp"
#include "gemm_ceiling.hpp"
#include "onednn_session.hpp"

namespace lstmbench::onednn {

struct OnednnBackend {
  static sdk::BackendTraits traits() {
    return {"onednn",
            "oneDNN CPU LSTM primitives (lstm_forward/lstm_backward), Adam in place on oneDNN's "
            "weight layout",
            "cpu",
            "fp32,bf16",
            "eager",
            "threads"};
  }
  static std::string unsupported_reason(const sdk::CaseConfig& config) {
    return onednn::unsupported_reason(config);
  }
  static std::unique_ptr<sdk::Session> create(const sdk::CaseConfig& config,
                                              const sdk::Dataset& data,
                                              std::span<const float> weights) {
    return std::make_unique<OnednnSession>(config, data, weights);
  }
  static double gemm_ceiling_gflops(const sdk::CaseConfig& config) {
    return onednn::gemm_ceiling_gflops(config);
  }
};

}  // namespace lstmbench::onednn

LSTMBENCH_PLUGIN("onednn", "0.1.0", &lstmbench::onednn::environment_json,
                 lstmbench::onednn::OnednnBackend)
