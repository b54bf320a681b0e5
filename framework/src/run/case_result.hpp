// What running one case produced. Results are data, not strings: the runner fills these values
// and every writer (CSV, Markdown, JSON) renders the same ones. A new metric is a new field here
// plus one line in each writer's column list.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "suite/case_spec.hpp"

namespace lstmbench::run {

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
  double val_loss = 0.0;                 // after the last epoch; NaN when not reached
  int diverged_epoch = -1;               // 1-based epoch whose loss was not finite, or -1
  std::int64_t skipped_steps = 0;        // loss-scaling skips over the whole run
  int steps_per_epoch = 0;

  std::int64_t device_bytes = -1;
  std::string backend_details;  // from lb_session_info::details
  std::string device;           // the backend's device kind: "cpu" | "gpu" | "external"
  std::string plugin;           // plugin name and version that ran the case
  double setup_ms = 0.0;        // create() time
  std::string log_path;         // the child's stderr, if kept
};

}  // namespace lstmbench::run
