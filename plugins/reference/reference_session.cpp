#include "reference_session.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>

namespace lstmbench::reference {
namespace {

Activation activation_or_throw(const std::string& name) {
  if (auto a = parse_activation(name)) return *a;
  throw std::invalid_argument("unknown activation '" + name + "'");
}

ModelShape shape_of(const sdk::CaseConfig& config) {
  ModelShape shape;
  shape.threads = threads_of(config).value_or(1);
  shape.input_size = static_cast<std::size_t>(config.input_size);
  shape.hidden_size = static_cast<std::size_t>(config.hidden_size);
  shape.num_layers = static_cast<std::size_t>(config.num_layers);
  shape.seq_len = static_cast<std::size_t>(config.seq_len);
  shape.activation = activation_or_throw(config.activation);
  shape.recurrent_activation = activation_or_throw(config.recurrent_activation);
  return shape;
}

std::unique_ptr<Optimizer> make_optimizer(const sdk::CaseConfig& config,
                                          std::size_t num_parameters) {
  if (config.optimizer == "sgd") return std::make_unique<Sgd>(config.learning_rate);
  if (config.optimizer == "adam") {
    AdamSettings settings{config.learning_rate, config.adam_beta1, config.adam_beta2,
                          config.adam_epsilon};
    return std::make_unique<Adam>(settings, num_parameters);
  }
  throw std::invalid_argument("unknown optimizer '" + config.optimizer + "'");
}

}  // namespace

// A build can carry a default slowdown: the runner's A/B tests build a copy of this plugin with
// 0.25 to stand for "a slower candidate build". Real builds keep 0.
#ifndef LSTMBENCH_REFERENCE_EXTRA_WORK_DEFAULT
#define LSTMBENCH_REFERENCE_EXTRA_WORK_DEFAULT "0"
#endif

std::optional<double> extra_work_of(const sdk::CaseConfig& config) {
  const std::string text = config.option("extra_work", LSTMBENCH_REFERENCE_EXTRA_WORK_DEFAULT);
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !(value >= 0.0 && value <= 1.0))
    return std::nullopt;
  return value;
}

std::optional<std::size_t> threads_of(const sdk::CaseConfig& config) {
  const std::string text = config.option("threads", "1");
  if (text.empty() || text.size() > 3 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  const std::size_t value = std::stoul(text);
  if (value < 1 || value > kMaxThreads) return std::nullopt;
  return value;
}

ReferenceSession::ReferenceSession(const sdk::CaseConfig& config, const sdk::Dataset& data,
                                   std::span<const float> weights)
    : config_(config),
      extra_work_(extra_work_of(config).value_or(0.0)),
      window_size_(static_cast<std::size_t>(config.seq_len) * config.input_size),
      train_x_(data.train_x.begin(), data.train_x.end()),
      train_y_(data.train_y.begin(), data.train_y.end()),
      val_x_(data.val_x.begin(), data.val_x.end()),
      val_y_(data.val_y.begin(), data.val_y.end()),
      model_(shape_of(config), static_cast<std::size_t>(config.batch_size)),
      optimizer_(make_optimizer(config, model_.layout().total())),
      batch_x_(model_.max_batch() * window_size_),
      batch_y_(model_.max_batch()),
      gradient_(model_.layout().total()) {
  std::copy(weights.begin(), weights.end(), model_.parameters().begin());
  val_indices_.resize(data.num_val);
  for (std::size_t k = 0; k < data.num_val; ++k) val_indices_[k] = static_cast<std::int32_t>(k);
}

void ReferenceSession::load_batch(std::span<const float> x, std::span<const float> y,
                                  std::span<const std::int32_t> indices) {
  for (std::size_t b = 0; b < indices.size(); ++b) {
    const std::size_t w = static_cast<std::size_t>(indices[b]);
    std::copy_n(&x[w * window_size_], window_size_, &batch_x_[b * window_size_]);
    batch_y_[b] = y[w];
  }
}

sdk::EpochResult ReferenceSession::train_epoch(std::span<const std::int32_t> order,
                                               std::span<double> step_losses) {
  const std::size_t batch = model_.max_batch();
  const std::size_t steps = order.size() / batch;

  double loss_sum = 0.0;
  for (std::size_t s = 0; s < steps; ++s) {
    const auto step_start = std::chrono::steady_clock::now();
    load_batch(train_x_, train_y_, order.subspan(s * batch, batch));
    const double loss =
        model_.forward({batch_x_.data(), batch * window_size_}, {batch_y_.data(), batch});
    model_.backward(gradient_);
    optimizer_->step(model_.parameters(), gradient_);
    if (!step_losses.empty()) step_losses[s] = loss;
    loss_sum += loss;
    if (extra_work_ > 0.0) {
      // Busy, not asleep: the slowdown must cost CPU time the way real work does.
      const auto step_end = std::chrono::steady_clock::now();
      const auto until = step_end + (step_end - step_start) * extra_work_;
      while (std::chrono::steady_clock::now() < until) {
      }
    }
  }
  sdk::EpochResult result;
  result.mean_loss = loss_sum / static_cast<double>(steps);
  result.num_steps = steps;
  return result;
}

double ReferenceSession::evaluate() {
  const std::size_t num_val = val_y_.size();
  // In chunks of the batch size (the workspace's size); the last chunk may be smaller.
  double sum_squared = 0.0;
  for (std::size_t first = 0; first < num_val; first += model_.max_batch()) {
    const std::size_t count = std::min(model_.max_batch(), num_val - first);
    load_batch(val_x_, val_y_, std::span<const std::int32_t>(val_indices_).subspan(first, count));
    const double mean =
        model_.forward({batch_x_.data(), count * window_size_}, {batch_y_.data(), count});
    sum_squared += mean * static_cast<double>(count);
  }
  return sum_squared / static_cast<double>(num_val);
}

void ReferenceSession::read_weights(std::span<float> weights) {
  std::span<const double> parameters = model_.parameters();
  for (std::size_t k = 0; k < parameters.size(); ++k)
    weights[k] = static_cast<float>(parameters[k]);
}

sdk::SessionInfo ReferenceSession::info() {
  sdk::SessionInfo info;
  info.details = "arith=float64;threads=" + std::to_string(model_.shape().threads) +
                 ";optimizer=" + config_.optimizer + ";activation=" + config_.activation +
                 ";recurrent_activation=" + config_.recurrent_activation;
  // A deliberate slowdown is part of what was measured: every row that has one says so.
  if (extra_work_ > 0.0) {
    std::ostringstream share;
    share << extra_work_;  // shortest form: 0.1, not 0.100000
    info.details += ";extra_work=" + share.str();
  }
  return info;
}

}  // namespace lstmbench::reference
