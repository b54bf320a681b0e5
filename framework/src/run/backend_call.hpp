// A thin C++ face over one lb_backend: owns the strings and option views an lb_case_config
// points into, turns lb_status into exceptions inside the framework, and destroys the session
// through the plugin that made it.
#pragma once

#include <lstmbench/plugin_abi.h>

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "suite/case_spec.hpp"
#include "workload/shared_workload.hpp"

namespace lstmbench::run {

// Thrown when a backend call returns anything but LB_OK.
class BackendFailure : public std::runtime_error {
 public:
  BackendFailure(lb_status status, const std::string& what)
      : std::runtime_error(what), status_(status) {}
  lb_status status() const { return status_; }

 private:
  lb_status status_;
};

// The lb_case_config of a case, with storage for everything it points to.
class CaseConfig {
 public:
  // batch_size overrides the spec's (verification runs a smaller batch).
  CaseConfig(const suite::CaseSpec& spec, int input_size, int batch_size);
  const lb_case_config& get() const { return config_; }

 private:
  suite::CaseSpec spec_;
  std::vector<std::pair<std::string, std::string>> option_text_;
  std::vector<lb_option> options_;
  lb_case_config config_{};
};

struct EpochOutcome {
  double wall_ms = 0.0;
  lb_epoch_result result{};
};

class Session {
 public:
  // Creates a session; throws BackendFailure with the backend's message.
  Session(const lb_backend& backend, const CaseConfig& config, const lb_dataset& data,
          std::span<const float> weights);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // One synchronous epoch, timed with a steady clock around the call.
  EpochOutcome train_epoch(std::span<const std::int32_t> order, std::span<double> step_losses = {});
  double evaluate();
  std::vector<float> read_weights(std::size_t count);
  lb_session_info info();

 private:
  const lb_backend& backend_;
  lb_session* session_ = nullptr;
};

// RETURNS: empty if the backend can run the case, else its reason. Throws BackendFailure for a
// status other than LB_OK / LB_UNSUPPORTED.
std::string unsupported_reason(const lb_backend& backend, const CaseConfig& config);

lb_dataset dataset_view(const workload::WorkloadView& w);

}  // namespace lstmbench::run
