// One created cudnn case: the Trainer plus what the report row says about it (the algorithm that
// actually ran, the fallback and why, math mode, loss scale).
#pragma once

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
  // records why.
  CudnnSession(const sdk::CaseConfig& config, const sdk::Dataset& data,
               std::span<const float> weights);

  sdk::EpochResult train_epoch(std::span<const std::int32_t> order,
                               std::span<double> step_losses) override;
  double evaluate() override;
  void read_weights(std::span<float> weights) override;
  sdk::SessionInfo info() override;

 private:
  BackendOptions options_;
  Algo ran_ = Algo::kStandard;
  std::string fallback_;  // empty when the requested algorithm ran
  std::unique_ptr<Trainer> trainer_;
};

}  // namespace lstmbench::cudnn_backend
