// What running one case produced. Results are data, not strings: the runner fills these values
// and every writer (CSV, Markdown, JSON) renders the same ones. A new metric is a new field here
// plus one line in each writer's column list.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "suite/case_spec.hpp"

namespace lstmbench::results {

enum class Status { ok, skipped, failed, crashed, timeout, diverged, unverified };

const char* to_string(Status status);
// Throws lstmbench::Error for an unknown name.
Status status_from_string(const std::string& name);

struct Verification {
  bool ran = false;
  bool passed = false;
  int steps = 0;                    // training steps compared
  double max_rel_error_loss = 0.0;  // over the compared steps' losses
  // ‖w - w_ref‖₂ / ‖w_ref - w₀‖₂ after the last step: the error of the whole weight update
  // relative to its size (docs/verification.md says why not a per-weight maximum).
  double weight_update_error = 0.0;
  double tolerance = 0.0;  // the threshold both errors were held to
  std::string note;        // why it did not run, or what disagreed
  // The id of the case whose verification this is, when it was reused rather than run again
  // (run/verification.hpp, verification_key: the same computation); empty when run for this case.
  std::string reused_from;
};

struct CaseResult {
  suite::CaseSpec spec;
  Status status = Status::failed;
  std::string reason;  // skip reason, error message, signal, ... (empty when ok)

  Verification verification;

  // Times of every epoch run, warm-up epochs first (spec.warmup_epochs of them), wall clock
  // around the synchronous train_epoch call.
  std::vector<double> epoch_ms;
  std::vector<double> backend_epoch_ms;  // the backend's own timing where it has one, else empty
  std::vector<double> train_loss;        // mean training loss of each epoch, same order
  // Per epoch, same order: the round it ran in (0 for warm-up epochs, then 1, 2, ...), and what
  // the machine did besides this case meanwhile (docs/measuring.md): the share of all CPU time
  // the hypervisor stole, and the share of the machine's CPU capacity other processes used.
  // NaN where the system does not say (no /proc/stat).
  std::vector<int> epoch_round;
  std::vector<double> epoch_steal;
  std::vector<double> epoch_other_cpu;
  // Per epoch, the GPU's SM clock (MHz), temperature (°C) and power (W) at its end, from NVML;
  // empty for a case that ran on no GPU (or without NVML), NaN for a value the driver withheld.
  std::vector<double> epoch_gpu_clock_mhz;
  std::vector<double> epoch_gpu_temp_c;
  std::vector<double> epoch_gpu_power_w;
  double val_loss = 0.0;           // after the last epoch; NaN when not reached
  int diverged_epoch = -1;         // 1-based epoch whose loss was not finite, or -1
  std::int64_t skipped_steps = 0;  // loss-scaling skips over the whole run
  int steps_per_epoch = 0;

  std::int64_t device_bytes = -1;
  std::string backend_details;  // from lb_session_info::details
  std::string device;           // the backend's device kind: "cpu" | "gpu" | "external"
  // The CUDA_VISIBLE_DEVICES the runner gave the case's process (run --devices: one device id);
  // empty when the case ran with the runner's own environment.
  std::string visible_devices;
  std::string plugin;     // plugin name and version that ran the case
  double setup_ms = 0.0;  // create() time
  // The backend's GEMM throughput at this case's shapes (ABI 1.1 gemm_ceiling), measured once
  // in set-up outside the timed epochs; NaN when the backend has none or could not measure it.
  double gemm_ceiling_gflops = std::numeric_limits<double>::quiet_NaN();
  std::string log_path;  // the child's stderr, if kept

  // Rounds run and why no more were run: "rounds = 10", "±1.8 % after 7 rounds",
  // "max_rounds = 50 reached (±3.1 %)", "max_time_s reached (±4.0 %)".
  int rounds_run = 0;
  std::string stop_reason;
  // Where the case's wall time went, in milliseconds (NaN: not reached): building the workload,
  // starting the case process and loading plugins, verifying against the reference, create(),
  // warm-up epochs, timed epochs.
  struct Phases {
    double workload_ms = std::numeric_limits<double>::quiet_NaN();
    double spawn_ms = std::numeric_limits<double>::quiet_NaN();
    double verification_ms = std::numeric_limits<double>::quiet_NaN();
    double create_ms = std::numeric_limits<double>::quiet_NaN();
    double warmup_ms = std::numeric_limits<double>::quiet_NaN();
    double timed_ms = std::numeric_limits<double>::quiet_NaN();
  } phases;
  // Peak resident memory of the case process (bytes), or -1 when unknown.
  std::int64_t peak_rss_bytes = -1;
};

}  // namespace lstmbench::results
