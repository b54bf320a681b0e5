#include "cudnn_session.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "cuda_check.hpp"
#include "cuda_fault.hpp"
#include "device_info.hpp"

namespace lstmbench::cudnn_backend {
namespace {

// The details field is "key=value;..." in a 512-byte buffer holding up to two reasons: keep
// each short and free of the separators.
std::string sanitize(std::string text) {
  std::replace(text.begin(), text.end(), ';', ',');
  std::replace(text.begin(), text.end(), '=', ':');
  if (text.size() > 120) text = text.substr(0, 117) + "...";
  return text;
}

// RETURNS: free device memory in bytes, or -1 where the runtime cannot say.
std::int64_t free_device_bytes() {
  std::size_t free = 0;
  std::size_t total = 0;
  if (cudaMemGetInfo(&free, &total) != cudaSuccess) {
    cudaGetLastError();
    return -1;
  }
  return static_cast<std::int64_t>(free);
}

}  // namespace

CudnnSession::CudnnSession(const sdk::CaseConfig& config, const sdk::Dataset& data,
                           std::span<const float> weights)
    : options_(parse_options(config)) {
  if (std::string why = unusable_data_reason(data); !why.empty()) throw std::invalid_argument(why);
  std::string reason = no_device_reason();
  if (!reason.empty()) throw sdk::Unsupported(reason);

  // Measured around everything create does, so cuDNN's and cuBLAS's own workspaces, the plan
  // and the graph count too.
  const std::int64_t free_before = free_device_bytes();
  auto build = [&](Algo algo) {
    trainer_.reset();  // a rejected Trainer's memory goes back before the next one is made
    trainer_ = std::make_unique<Trainer>(config, options_, algo, data, weights);
  };

  ran_ = options_.algo;
  if (options_.algo != Algo::kStandard) {
    // A persistent algorithm rejected anywhere (set-up, probe, capture) falls back to the
    // standard one in the same mode.
    fallback_ = attempt(options_.algo, [&] {
      build(options_.algo);
      if (options_.graph) trainer_->capture_graph();
    });
    if (!fallback_.empty()) ran_ = Algo::kStandard;
  }
  if (ran_ == Algo::kStandard) {
    std::string rejected = attempt(Algo::kStandard, [&] { build(Algo::kStandard); });
    if (!rejected.empty()) throw std::runtime_error(rejected);
    // The standard algorithm has nothing to fall back to: where its step cannot be captured,
    // the same step runs eagerly and the report says so, rather than the case failing.
    if (options_.graph)
      graph_fallback_ = attempt(Algo::kStandard, [&] { trainer_->capture_graph(); });
  }

  const std::int64_t free_after = free_device_bytes();
  if (free_before >= 0 && free_after >= 0 && free_before >= free_after)
    device_bytes_ = free_before - free_after;
}

std::string CudnnSession::attempt(Algo algo, const std::function<void()>& body) {
  std::string what;
  try {
    body();
    return {};
  } catch (const CudaError& e) {
    if (e.status() == cudaErrorMemoryAllocation) throw;
    what = e.what();
  } catch (const CudnnError& e) {
    what = e.what();
  }
  // A rejection leaves the context usable; a fault (possibly reported by a later cuDNN call as
  // an execution failure) does not, and nothing may run after it in this process.
  if (cudaError_t fault = sticky_error(); fault != cudaSuccess)
    throw std::runtime_error(
        sticky_fault_message(algo_name(algo), algo != Algo::kStandard, what, fault));
  // The rejection's status must not resurface at the next launch check.
  cudaGetLastError();
  return what.empty() ? std::string("unknown CUDA error") : what;
}

template <class Body>
auto CudnnSession::guard_sticky(Body&& body) {
  try {
    return body();
  } catch (const CudaError& e) {
    if (is_sticky(e.status()))
      throw std::runtime_error(
          sticky_fault_message(algo_name(ran_), ran_ != Algo::kStandard, e.what(), e.status()));
    throw;
  } catch (const CudnnError& e) {
    if (cudaError_t fault = sticky_error(); fault != cudaSuccess)
      throw std::runtime_error(
          sticky_fault_message(algo_name(ran_), ran_ != Algo::kStandard, e.what(), fault));
    throw;
  }
}

sdk::EpochResult CudnnSession::train_epoch(std::span<const std::int32_t> order,
                                           std::span<double> step_losses) {
  return guard_sticky([&] { return trainer_->train_epoch(order, step_losses); });
}

double CudnnSession::evaluate() {
  return guard_sticky([&] { return trainer_->evaluate(); });
}

void CudnnSession::read_weights(std::span<float> weights) {
  guard_sticky([&] { trainer_->read_weights(weights); });
}

sdk::SessionInfo CudnnSession::info() {
  DeviceState state = guard_sticky([&] { return trainer_->read_state(); });
  sdk::SessionInfo info;
  info.device_bytes = device_bytes_;
  info.details = fmt::format(
      "algo={};requested={};fallback={};math={};precision={};mode={};graph_fallback={};"
      "input_features={};loss_scale={};applied_steps={};skipped_steps={};buffer_bytes={}",
      algo_name(ran_), algo_name(options_.algo), fallback_.empty() ? "none" : sanitize(fallback_),
      trainer_->math_name(), options_.fp16 ? "fp16" : "fp32",
      trainer_->graph_ready() ? "graph" : "eager",
      graph_fallback_.empty() ? "none" : sanitize(graph_fallback_), trainer_->padded_input(),
      state.loss_scale, state.adam_step, state.skipped_total, trainer_->device_bytes());
  return info;
}

}  // namespace lstmbench::cudnn_backend
