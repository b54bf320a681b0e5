#include "cudnn_session.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "cuda_check.hpp"
#include "device_info.hpp"

namespace lstmbench::cudnn_backend {
namespace {

// The details field is "key=value;..." in a fixed-size buffer: keep the reason short and free
// of the separators.
std::string sanitize(std::string text) {
  std::replace(text.begin(), text.end(), ';', ',');
  std::replace(text.begin(), text.end(), '=', ':');
  if (text.size() > 200) text = text.substr(0, 197) + "...";
  return text;
}

}  // namespace

CudnnSession::CudnnSession(const sdk::CaseConfig& config, const sdk::Dataset& data,
                           std::span<const float> weights)
    : options_(parse_options(config)) {
  std::string reason = no_device_reason();
  if (!reason.empty()) throw sdk::Unsupported(reason);
  ran_ = options_.algo;
  try {
    trainer_ = std::make_unique<Trainer>(config, options_, options_.algo, data, weights);
  } catch (const CudnnError& e) {
    if (options_.algo == Algo::kStandard) throw;
    fallback_ = e.what();
  } catch (const CudaError& e) {
    // A persistent kernel that cannot be captured or launched shows up as a CUDA error.
    if (options_.algo == Algo::kStandard || e.status() == cudaErrorMemoryAllocation) throw;
    fallback_ = e.what();
  }
  if (!trainer_) {
    ran_ = Algo::kStandard;
    trainer_ = std::make_unique<Trainer>(config, options_, Algo::kStandard, data, weights);
  }
}

sdk::EpochResult CudnnSession::train_epoch(std::span<const std::int32_t> order,
                                           std::span<double> step_losses) {
  return trainer_->train_epoch(order, step_losses);
}

double CudnnSession::evaluate() { return trainer_->evaluate(); }

void CudnnSession::read_weights(std::span<float> weights) { trainer_->read_weights(weights); }

sdk::SessionInfo CudnnSession::info() {
  DeviceState state = trainer_->read_state();
  sdk::SessionInfo info;
  info.device_bytes = trainer_->device_bytes();
  info.details = fmt::format(
      "algo={};requested={};fallback={};math={};precision={};mode={};input_features={};"
      "loss_scale={};applied_steps={};skipped_steps={}",
      algo_name(ran_), algo_name(options_.algo), fallback_.empty() ? "none" : sanitize(fallback_),
      trainer_->math_name(), options_.fp16 ? "fp16" : "fp32", options_.graph ? "graph" : "eager",
      trainer_->padded_input(), state.loss_scale, state.adam_step, state.skipped_total);
  return info;
}

}  // namespace lstmbench::cudnn_backend
