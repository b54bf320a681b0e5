// One case run by an external program: the workload is written to a temporary folder, the
// program is started and greeted, and every Session call becomes one protocol exchange
// (docs/external-protocol.md).
#pragma once

#include <lstmbench/plugin.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>

#include "peer_connection.hpp"
#include "workload_files.hpp"

namespace lstmbench::external {

class ExternalSession : public sdk::Session {
 public:
  // Writes the workload, starts the program and sends create. Throws sdk::Unsupported when the
  // program's capabilities or its answer to create rule the case out.
  ExternalSession(const sdk::CaseConfig& config, const sdk::Dataset& data,
                  std::span<const float> weights);

  sdk::EpochResult train_epoch(std::span<const std::int32_t> order,
                               std::span<double> step_losses) override;
  double evaluate() override;
  void read_weights(std::span<float> weights) override;
  sdk::SessionInfo info() override { return info_; }

 private:
  sdk::CaseConfig config_;
  std::size_t num_weights_ = 0;
  TempDir dir_;  // declared before peer_: the program is shut down before its files go
  std::unique_ptr<PeerConnection> peer_;
  sdk::SessionInfo info_;
};

// RETURNS: the JSON "config" object sent with create: every lb_case_config field, the
// dataset's sizes and the case's options.
nlohmann::json config_json(const sdk::CaseConfig& config, const sdk::Dataset& data);

}  // namespace lstmbench::external
