// One case's lifecycle, in the process that runs it, split at the points where rounds
// interleave cases: set_up (capability check -> workload -> verification against the reference
// -> create -> warm-up epochs), then any number of rounds of timed epochs, then finish
// (validation loss, session info, final status) and close (destroy). The child process of a
// case drives it command by command; `--no-isolate` drives it in the runner itself.
// Never throws: every outcome becomes a CaseResult status.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "plugin/plugin_registry.hpp"
#include "results/case_result.hpp"
#include "run/backend_call.hpp"
#include "run/machine_noise.hpp"
#include "suite/case_spec.hpp"
#include "workload/shared_workload.hpp"

namespace lstmbench::run {

using results::CaseResult;
using results::Status;

// The backend that runs a case: the suite's backend name, or "external" for [external.NAME].
std::string plugin_backend_name(const suite::CaseSpec& spec);

// One epoch's record, as it is appended to the result (and streamed to the runner).
struct EpochRecord {
  int round = 0;  // 0: warm-up
  double ms = 0.0;
  double backend_ms = -1.0;
  double loss = 0.0;
  std::int64_t skipped_steps = 0;
  EpochNoise noise;
};
using EpochFn = std::function<void(const EpochRecord&)>;

// Appends one epoch's record to the result's per-epoch series (in the case's process, and in
// the runner from the streamed record: one definition of what an epoch adds).
void append_epoch(results::CaseResult& result, const EpochRecord& record);

class CaseSession {
 public:
  // workload_file: the runner's shared copy of this case's workload (shared_workload.hpp), or
  // empty to build it here.
  // reused: a verification of the same computation (verification_key) done for another case
  // of this run, taken instead of running it again.
  CaseSession(const suite::CaseSpec& spec, const plugin::PluginRegistry& registry,
              std::string workload_file = "",
              std::optional<results::Verification> reused = std::nullopt);
  ~CaseSession();

  // RETURNS: true when the case is ready for rounds; false when it ended here (skipped,
  // failed, diverged in warm-up): result() is then final.
  bool set_up(const EpochFn& on_epoch = {});
  // Runs `epochs` timed epochs as round `round` (1-based).
  // RETURNS: false when the case ended during the round (diverged, failed).
  bool run_round(int round, int epochs, const EpochFn& on_epoch = {});
  // Validation loss, session info and the final status; the session stays alive until close()
  // so the result can be sent before a plugin's destructor gets a chance to crash.
  const CaseResult& finish();
  void close();

  const CaseResult& result() const { return result_; }
  bool ended() const { return ended_; }

 private:
  bool run_epochs(int round, int epochs, const EpochFn& on_epoch);
  void end_with(Status status, const std::string& reason);
  template <class Body>
  bool guarded(Body&& body);

  suite::CaseSpec spec_;
  const plugin::PluginRegistry& registry_;
  CaseResult result_;
  bool ended_ = false;
  const lb_backend* backend_ = nullptr;
  std::string workload_file_;
  std::optional<results::Verification> reused_verification_;
  std::optional<workload::Workload> built_;  // when built here
  std::vector<float> built_weights_;
  std::unique_ptr<workload::MappedWorkload> mapped_;  // when shared by the runner
  workload::WorkloadView workload_;                   // whichever of the two is in use
  std::unique_ptr<CaseConfig> config_;
  std::unique_ptr<Session> session_;
  std::unique_ptr<GpuTelemetry> gpu_telemetry_;  // for a GPU backend where NVML answers
  int epochs_done_ = 0;  // the next epoch's index: it draws the epoch's window order
};

// Runs a whole case in this process: set up, `rounds` rounds (the timed epochs split evenly),
// finish. For tests and tools that need one case's result without a suite.
CaseResult run_case(const suite::CaseSpec& spec, const plugin::PluginRegistry& registry);

// RETURNS: the rounds a case's timed epochs are split into before any stopping rule: `rounds`,
// or one per timed epoch when it is 0, never more rounds than timed epochs, at least 1.
int base_rounds(const suite::CaseSpec& spec);

// RETURNS: how many timed epochs round `round` (1-based) of `rounds` gets when `timed` epochs
// are split as evenly as possible (earlier rounds take the remainder).
int epochs_in_round(int timed, int rounds, int round);

}  // namespace lstmbench::run
