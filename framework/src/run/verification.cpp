#include "run/verification.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <lstmbench/compare.hpp>
#include <numeric>
#include <string>
#include <thread>

#include "results/result_json.hpp"
#include "run/backend_call.hpp"

namespace lstmbench::run {

namespace {

struct Trace {
  std::vector<double> step_losses;
  std::vector<float> weights;
};

Trace train_slice(const lb_backend& backend, const CaseConfig& config, const lb_dataset& data,
                  const std::vector<float>& weights, int steps) {
  Session session(backend, config, data, weights);
  std::vector<std::int32_t> order(data.num_train);
  std::iota(order.begin(), order.end(), 0);
  Trace trace;
  trace.step_losses.assign(static_cast<std::size_t>(steps), NAN);
  EpochOutcome outcome = session.train_epoch(order, trace.step_losses);
  trace.step_losses.resize(
      std::min<std::size_t>(outcome.result.num_steps, trace.step_losses.size()));
  trace.weights = session.read_weights(weights.size());
  return trace;
}

}  // namespace

std::string verification_key(const suite::CaseSpec& spec) {
  nlohmann::json j = results::spec_to_json(spec);
  for (const char* unseen : {"suite", "index", "id", "varying", "epochs", "warmup_epochs",
                             "timeout_s", "rounds", "replicas", "replica", "target_rel_ci",
                             "max_rounds", "max_time_s", "max_sessions", "cpus", "target_loss"})
    j.erase(unseen);
  j["batch_size"] = std::min(spec.batch_size, kVerifyBatch);
  return j.dump();
}

double verification_tolerance(const std::string& precision) {
  // fp32 against the float64 oracle after a few steps differs by accumulated rounding of
  // ~T*(I+H) terms per dot product: ~1e-6..1e-5 relative; 1e-3 leaves a wide margin yet catches
  // any layout, gate or optimizer mistake (those are O(1e-1) and up on the update).
  if (precision == "fp32") return 1e-3;
  // fp16 keeps ~3 decimal digits (eps 9.8e-4) in activations and GEMM inputs: ~1e-3..1e-2.
  if (precision == "fp16") return 5e-2;
  // bf16 keeps ~2 decimal digits (eps 7.8e-3); onednn bf16 measured <= 2.4e-2 on the update.
  return 1e-1;
}

Verification verify_against_reference(const lb_backend& candidate, const lb_backend& reference,
                                      const suite::CaseSpec& spec,
                                      const workload::WorkloadView& workload) {
  const std::vector<float> weights(workload.weights.begin(), workload.weights.end());
  Verification v;
  v.tolerance = verification_tolerance(spec.precision);
  int batch = std::min(spec.batch_size, kVerifyBatch);
  int steps = static_cast<int>(std::min<std::size_t>(kVerifySteps, workload.num_train / batch));
  if (steps == 0) {
    v.note = "too few training windows to verify";
    return v;
  }
  lb_dataset slice{workload.train_x.data(),
                   workload.train_y.data(),
                   static_cast<std::size_t>(steps * batch),
                   workload.val_x.data(),
                   workload.val_y.data(),
                   std::min<std::size_t>(workload.num_val, kVerifyValWindows)};

  CaseConfig candidate_config(spec, workload.input_size, batch);
  suite::CaseSpec reference_spec = spec;
  reference_spec.precision = "fp32";  // the oracle computes in float64 whatever the case's
  reference_spec.mode = "eager";
  reference_spec.plugin_backend.clear();  // the reference gets only the case's own options
  reference_spec.plugin_options.clear();
  // Every core for the float64 slice: at hidden 1024 it is seconds of work on one. The
  // reference's numbers do not depend on its thread count, so this changes no result.
  reference_spec.options["threads"] =
      std::to_string(std::clamp(std::thread::hardware_concurrency(), 1u, 8u));
  CaseConfig reference_config(reference_spec, workload.input_size, batch);

  Trace want = train_slice(reference, reference_config, slice, weights, steps);
  Trace got = train_slice(candidate, candidate_config, slice, weights, steps);
  v.ran = true;
  v.steps = steps;
  v.max_rel_error_loss = max_rel_error(got.step_losses, want.step_losses, kLossFloor);
  v.weight_update_error = update_error(got.weights, want.weights, weights);
  v.passed = v.max_rel_error_loss <= v.tolerance && v.weight_update_error <= v.tolerance;
  if (!v.passed)
    v.note = fmt::format(
        "disagrees with the reference after {} steps at batch {}: loss error "
        "{:.3g}, weight-update error {:.3g}, tolerance {:.3g}",
        steps, batch, v.max_rel_error_loss, v.weight_update_error, v.tolerance);
  return v;
}

}  // namespace lstmbench::run
