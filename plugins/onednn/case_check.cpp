#include "case_check.hpp"

#include <charconv>
#include <stdexcept>

#include "bf16_support.hpp"
#include "environment.hpp"

namespace lstmbench::onednn {

int requested_threads(const sdk::CaseConfig& config) {
  std::string text = config.option("threads");
  if (text.empty()) return default_thread_count();
  int threads = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), threads);
  if (error != std::errc() || end != text.data() + text.size() || threads <= 0)
    throw std::invalid_argument("onednn: option threads must be a positive integer, got \"" + text +
                                "\"");
  return threads;
}

std::string unsupported_reason(const sdk::CaseConfig& config) {
  // vanilla_lstm hard-codes Keras's default cell: sigmoid gates and tanh candidate/output.
  if (config.activation != "tanh")
    return "oneDNN's LSTM primitive computes activation=tanh; this case has " + config.activation;
  if (config.recurrent_activation != "sigmoid")
    return "oneDNN's LSTM primitive computes recurrent_activation=sigmoid; this case has " +
           config.recurrent_activation;
  if (config.recurrent_dropout > 0.0)
    return "oneDNN's LSTM primitive has no recurrent dropout; this case has recurrent_dropout=" +
           std::to_string(config.recurrent_dropout);
  if (config.optimizer != "adam" && config.optimizer != "sgd")
    return "the onednn backend implements optimizers adam and sgd; this case has " +
           config.optimizer;
  // The SDK has already refused precisions other than the declared fp32,bf16 (oneDNN 2.6 has
  // no f16 LSTM training on CPU) and modes other than eager (it has no captured-graph execution
  // of a training step), and sizes below 1. bf16 still depends on the CPU.
  if (config.precision == "bf16") {
    if (const std::string& reason = bf16_training_refusal(); !reason.empty()) return reason;
  }
  try {
    requested_threads(config);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return {};
}

}  // namespace lstmbench::onednn
