#include "backend_options.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <stdexcept>
#include <utility>

namespace lstmbench::cudnn_backend {
namespace {

constexpr std::array<std::pair<const char*, Algo>, 4> kAlgos{{
    {"standard", Algo::kStandard},
    {"persist_static", Algo::kPersistStatic},
    {"persist_static_small_h", Algo::kPersistStaticSmallH},
    {"persist_dynamic", Algo::kPersistDynamic},
}};

bool parse_algo(const std::string& text, Algo* algo) {
  for (const auto& [name, value] : kAlgos) {
    if (text == name) {
      *algo = value;
      return true;
    }
  }
  return false;
}

bool parse_bool(const std::string& text, bool* value) {
  if (text == "true" || text == "1" || text == "yes" || text == "on") {
    *value = true;
    return true;
  }
  if (text == "false" || text == "0" || text == "no" || text == "off") {
    *value = false;
    return true;
  }
  return false;
}

bool parse_step(const std::string& text, std::int64_t* value) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *value);
  return ec == std::errc() && ptr == end && *value >= 1;
}

}  // namespace

std::string unsupported_model_reason(const sdk::CaseConfig& c) {
  // The same conditions under which Keras uses its cuDNN kernel (keras/src/layers/rnn/lstm.py).
  if (c.activation != "tanh")
    return fmt::format("cuDNN's LSTM kernel needs activation=tanh; this case has {}", c.activation);
  if (c.recurrent_activation != "sigmoid")
    return fmt::format("cuDNN's LSTM kernel needs recurrent_activation=sigmoid; this case has {}",
                       c.recurrent_activation);
  if (c.recurrent_dropout != 0.0)
    return fmt::format(
        "cuDNN's LSTM kernel needs recurrent_dropout=0 (Keras then uses its generic kernel); "
        "this case has {}",
        c.recurrent_dropout);
  if (c.precision == "bf16")
    return "precision bf16 is not supported by the cudnn backend: it offers fp32 and fp16 "
           "(Keras mixed_float16); a bf16 cuDNN RNN path is not implemented";
  if (c.precision != "fp32" && c.precision != "fp16")
    return fmt::format("precision {} is not supported by the cudnn backend (fp32, fp16)",
                       c.precision);
  if (c.mode != "eager" && c.mode != "graph")
    return fmt::format("mode {} is not supported by the cudnn backend (eager, graph)", c.mode);
  if (c.optimizer != "adam" && c.optimizer != "sgd")
    return fmt::format("optimizer {} is not supported by the cudnn backend (adam, sgd)",
                       c.optimizer);
  if (c.input_size < 1 || c.hidden_size < 1 || c.num_layers < 1 || c.seq_len < 1 ||
      c.batch_size < 1)
    return "input_size, hidden_size, num_layers, seq_len and batch_size must all be positive";
  if (c.batch_size > kMaxBatch)
    return fmt::format(
        "batch_size {} is above the cudnn backend's limit of {}: larger batches are untested, "
        "and cuDNN's backward pass has faulted on very large ones",
        c.batch_size, kMaxBatch);

  Algo algo;
  std::string text = c.option("algo", "standard");
  if (!parse_algo(text, &algo))
    return fmt::format(
        "option algo={} is unknown; expected standard, persist_static, persist_static_small_h "
        "or persist_dynamic",
        text);
  bool tf32;
  text = c.option("tf32", "false");
  if (!parse_bool(text, &tf32))
    return fmt::format("option tf32={} is not a boolean (true or false)", text);
  std::int64_t step;
  text = c.option("inject_overflow_step", "");
  if (!text.empty()) {
    if (!parse_step(text, &step))
      return fmt::format("option inject_overflow_step={} must be a step number >= 1", text);
    if (c.precision != "fp16")
      return "option inject_overflow_step exercises dynamic loss scaling, which only "
             "precision=fp16 has";
  }
  return {};
}

std::string unusable_data_reason(const sdk::Dataset& data) {
  if (data.num_train == 0)
    return "the cudnn backend needs at least one training window; this case has num_train=0";
  return {};
}

BackendOptions parse_options(const sdk::CaseConfig& c) {
  // The SDK's create() has already refused what unsupported_model_reason refuses.
  BackendOptions o;
  o.fp16 = c.precision == "fp16";
  o.graph = c.mode == "graph";
  o.adam = c.optimizer == "adam";
  parse_algo(c.option("algo", "standard"), &o.algo);
  parse_bool(c.option("tf32", "false"), &o.tf32);
  std::string step = c.option("inject_overflow_step", "");
  if (!step.empty()) parse_step(step, &o.inject_overflow_step);
  return o;
}

const char* algo_name(Algo algo) {
  for (const auto& [name, value] : kAlgos)
    if (value == algo) return name;
  return "unknown";
}

cudnnRNNAlgo_t to_cudnn(Algo algo) {
  switch (algo) {
    case Algo::kStandard:
      return CUDNN_RNN_ALGO_STANDARD;
    case Algo::kPersistStatic:
      return CUDNN_RNN_ALGO_PERSIST_STATIC;
    case Algo::kPersistStaticSmallH:
      return CUDNN_RNN_ALGO_PERSIST_STATIC_SMALL_H;
    case Algo::kPersistDynamic:
      return CUDNN_RNN_ALGO_PERSIST_DYNAMIC;
  }
  return CUDNN_RNN_ALGO_STANDARD;
}

}  // namespace lstmbench::cudnn_backend
