#include "run/backend_call.hpp"

#include <chrono>
#include <cstring>

namespace lstmbench::run {

namespace {

// A plugin's text, read no further than its buffer even if the plugin forgot the NUL.
std::string bounded_text(const char* text, std::size_t capacity) {
  return std::string(text, strnlen(text, capacity));
}

void check(const lb_backend& backend, lb_status status, const lb_message& message,
           const char* call) {
  if (status == LB_OK) return;
  std::string text =
      message.text[0] ? bounded_text(message.text, sizeof message.text) : "no message";
  throw BackendFailure(status, std::string(backend.name) + " " + call + ": " + text);
}

}  // namespace

CaseConfig::CaseConfig(const suite::CaseSpec& spec, int input_size, int batch_size) : spec_(spec) {
  for (const auto& [name, value] : spec_.options) option_text_.emplace_back(name, value);
  // What the suite loader added for the plugin, e.g. the program of an [external.NAME] backend.
  for (const auto& [name, value] : spec_.plugin_options) option_text_.emplace_back(name, value);
  for (const auto& [name, value] : option_text_) options_.push_back({name.c_str(), value.c_str()});
  config_.struct_size = sizeof(lb_case_config);
  config_.input_size = input_size;
  config_.hidden_size = spec_.hidden_size;
  config_.num_layers = spec_.num_layers;
  config_.seq_len = spec_.seq_len;
  config_.batch_size = batch_size;
  config_.activation = spec_.activation.c_str();
  config_.recurrent_activation = spec_.recurrent_activation.c_str();
  config_.recurrent_dropout = spec_.recurrent_dropout;
  config_.optimizer = spec_.optimizer.c_str();
  config_.learning_rate = spec_.learning_rate;
  config_.adam_beta1 = workload::kAdamBeta1;
  config_.adam_beta2 = workload::kAdamBeta2;
  config_.adam_epsilon = workload::kAdamEpsilon;
  config_.precision = spec_.precision.c_str();
  config_.mode = spec_.mode.c_str();
  config_.seed = spec_.seed;
  config_.options = options_.data();
  config_.num_options = options_.size();
}

Session::Session(const lb_backend& backend, const CaseConfig& config, const lb_dataset& data,
                 std::span<const float> weights)
    : backend_(backend) {
  lb_message message{};
  check(backend_,
        backend_.create(&config.get(), &data, weights.data(), weights.size(), &session_, &message),
        message, "create");
}

Session::~Session() {
  if (session_) backend_.destroy(session_);
}

EpochOutcome Session::train_epoch(std::span<const std::int32_t> order,
                                  std::span<double> step_losses) {
  EpochOutcome outcome;
  outcome.result.backend_ms = -1.0;  // "keeps no time of its own" unless the plugin says otherwise
  outcome.result.step_losses = step_losses.empty() ? nullptr : step_losses.data();
  outcome.result.step_losses_capacity = step_losses.size();
  lb_message message{};
  auto start = std::chrono::steady_clock::now();
  lb_status status =
      backend_.train_epoch(session_, order.data(), order.size(), &outcome.result, &message);
  auto stop = std::chrono::steady_clock::now();
  check(backend_, status, message, "train_epoch");
  outcome.wall_ms = std::chrono::duration<double, std::milli>(stop - start).count();
  return outcome;
}

double Session::evaluate() {
  double loss = 0.0;
  lb_message message{};
  check(backend_, backend_.evaluate(session_, &loss, &message), message, "evaluate");
  return loss;
}

std::vector<float> Session::read_weights(std::size_t count) {
  std::vector<float> weights(count);
  lb_message message{};
  check(backend_, backend_.read_weights(session_, weights.data(), weights.size(), &message),
        message, "read_weights");
  return weights;
}

lb_session_info Session::info() {
  lb_session_info info{};
  info.device_bytes = -1;
  lb_message message{};
  check(backend_, backend_.query_info(session_, &info, &message), message, "query_info");
  return info;
}

std::string unsupported_reason(const lb_backend& backend, const CaseConfig& config) {
  lb_message message{};
  lb_status status = backend.check_case(&config.get(), &message);
  if (status == LB_UNSUPPORTED)
    return message.text[0] ? bounded_text(message.text, sizeof message.text)
                           : "unsupported (no reason given)";
  check(backend, status, message, "check_case");
  return {};
}

lb_dataset dataset_view(const workload::WorkloadView& w) {
  return lb_dataset{w.train_x.data(), w.train_y.data(), w.num_train,
                    w.val_x.data(),   w.val_y.data(),   w.num_val};
}

}  // namespace lstmbench::run
