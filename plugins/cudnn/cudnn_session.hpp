// One created cudnn case: the Trainer plus what the report row says about it (the algorithm and
// the mode that actually ran, each fallback and why, math mode, loss scale, device memory).
#pragma once

#include <cstdint>
#include <functional>
#include <lstmbench/plugin.hpp>
#include <memory>
#include <string>

#include "backend_options.hpp"
#include "training_step.hpp"

namespace lstmbench::cudnn_backend {

class CudnnSession : public sdk::Session {
 public:
  // Builds a Trainer with the requested algorithm; where cuDNN rejects it for this shape (at
  // set-up, in the probe step or in graph capture), builds one with the standard algorithm and
  // records why. Where the standard algorithm's step cannot be captured, runs it eagerly and
  // records why. A sticky CUDA fault is never retried: it fails the case with a message that
  // starts with kStickyFaultMarker. Throws std::invalid_argument for an empty training set.
  CudnnSession(const sdk::CaseConfig& config, const sdk::Dataset& data,
               std::span<const float> weights);

  sdk::EpochResult train_epoch(std::span<const std::int32_t> order,
                               std::span<double> step_losses) override;
  double evaluate() override;
  void read_weights(std::span<float> weights) override;
  sdk::SessionInfo info() override;

 private:
  // Runs body; RETURNS: empty if it succeeded, else the CUDA/cuDNN error's text (a rejection).
  // Throws the sticky-fault message if the context is dead afterwards, and rethrows running out
  // of device memory and any other error as they are.
  std::string attempt(Algo algo, const std::function<void()>& body);
  // Runs body; turns an error that left the context dead into the sticky-fault message.
  template <class Body>
  auto guard_sticky(Body&& body);

  BackendOptions options_;
  Algo ran_ = Algo::kStandard;
  std::string fallback_;        // empty when the requested algorithm ran
  std::string graph_fallback_;  // empty unless graph mode was asked for and the step runs eagerly
  std::int64_t device_bytes_ = -1;  // cudaMemGetInfo before/after create; -1 if not measurable
  std::unique_ptr<Trainer> trainer_;
};

}  // namespace lstmbench::cudnn_backend
