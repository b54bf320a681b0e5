// The reference backend: what it declares, which cases it takes, and the plugin's export.
//
// It is the oracle every other backend is verified against, so it favours being obviously
// right over being fast: float64 throughout, Keras's equations written out, one thread unless
// the `threads` option asks for more (the numbers are the same for any count).
#include <lstmbench/plugin.hpp>
#include <memory>
#include <span>
#include <string>

#include "activations.hpp"
#include "reference_session.hpp"

namespace lstmbench::reference {
namespace {

constexpr const char* kActivationNames = "tanh, sigmoid, hard_sigmoid, relu, linear";

struct ReferenceBackend {
  static sdk::BackendTraits traits() {
    return {
        "reference",
        "plain C++ LSTM in float64 (one thread; option threads=N): the oracle other backends are "
        "verified against",
        "cpu",
        "fp32",
        "eager",
        "extra_work,threads"};
  }

  // The SDK has already refused precisions other than fp32 (the reference computes in float64;
  // fp16 and bf16 are verified against it) and modes other than eager (graph is a speed variant
  // verified against the eager result).
  static std::string unsupported_reason(const sdk::CaseConfig& config) {
    if (config.recurrent_dropout > 0.0)
      return "recurrent_dropout > 0 is not part of the verified workload; the reference "
             "backend trains without dropout";
    if (!parse_activation(config.activation))
      return "activation '" + config.activation + "' is not one of " + kActivationNames;
    if (!parse_activation(config.recurrent_activation))
      return "recurrent_activation '" + config.recurrent_activation + "' is not one of " +
             kActivationNames;
    if (config.optimizer != "adam" && config.optimizer != "sgd")
      return "optimizer '" + config.optimizer + "' is not one of adam, sgd";
    // Other options are ignored on purpose: a suite's [options] table is shared by every
    // backend in its grid.
    if (!extra_work_of(config))
      return "option extra_work must be a number from 0 to 1 (the share of each step's own time "
             "to busy-wait after it), got '" +
             config.option("extra_work") + "'";
    if (!threads_of(config))
      return "option threads must be an integer from 1 to " + std::to_string(kMaxThreads) +
             ", got '" + config.option("threads") + "'";
    return "";
  }

  static std::unique_ptr<sdk::Session> create(const sdk::CaseConfig& config,
                                              const sdk::Dataset& data,
                                              std::span<const float> weights) {
    return std::make_unique<ReferenceSession>(config, data, weights);
  }
};

std::string describe_environment() {
  return R"({"device": "cpu", "arith": "float64", "threads": 1})";
}

}  // namespace
}  // namespace lstmbench::reference

LSTMBENCH_PLUGIN("reference", "1.0", &lstmbench::reference::describe_environment,
                 lstmbench::reference::ReferenceBackend)
