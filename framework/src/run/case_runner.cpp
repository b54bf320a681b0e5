#include "run/case_runner.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstring>

#include "common/error.hpp"
#include "run/backend_call.hpp"
#include "run/verification.hpp"
#include "workload/workload.hpp"

namespace lstmbench::run {

std::string plugin_backend_name(const suite::CaseSpec& spec) {
  return spec.is_external ? "external" : spec.backend;
}

namespace {

void train_and_time(Session& session, const suite::CaseSpec& spec,
                    const workload::Workload& workload, CaseResult& result) {
  for (int epoch = 0; epoch < spec.epochs; ++epoch) {
    std::vector<std::int32_t> order = workload::epoch_order(spec.seed, epoch, workload.num_train);
    EpochOutcome outcome = session.train_epoch(order);
    result.epoch_ms.push_back(outcome.wall_ms);
    if (outcome.result.backend_ms >= 0)
      result.backend_epoch_ms.push_back(outcome.result.backend_ms);
    result.train_loss.push_back(outcome.result.mean_loss);
    result.skipped_steps += outcome.result.skipped_steps;
    if (!std::isfinite(outcome.result.mean_loss)) {
      result.diverged_epoch = epoch + 1;
      return;
    }
  }
}

void run_lifecycle(const suite::CaseSpec& spec, const plugin::PluginRegistry& registry,
                   CaseResult& result) {
  std::string backend_name = plugin_backend_name(spec);
  plugin::BackendRef ref = registry.find_backend(backend_name);
  if (!ref.backend) {
    result.status = Status::skipped;
    result.reason = fmt::format(
        "backend '{}' is not available: no loaded plugin provides it "
        "(available: {})",
        backend_name, registry.backend_names());
    return;
  }
  const lb_backend& backend = *ref.backend;
  result.device = spec.is_external ? "external" : backend.device_kind;
  result.plugin =
      fmt::format("{} {}", ref.plugin->descriptor->name, ref.plugin->descriptor->version);

  workload::Workload workload = workload::build_workload(spec);
  CaseConfig config(spec, workload.input_size, spec.batch_size);
  if (std::string reason = unsupported_reason(backend, config); !reason.empty()) {
    result.status = Status::skipped;
    result.reason = reason;
    return;
  }
  result.steps_per_epoch = static_cast<int>(workload.num_train / spec.batch_size);
  if (result.steps_per_epoch == 0)
    throw Error("batch_size", fmt::format("batch_size {} exceeds the {} training windows",
                                          spec.batch_size, workload.num_train));
  std::vector<float> weights = workload::initial_weights(spec, workload.input_size);

  if (spec.verify) {
    plugin::BackendRef reference = registry.find_backend("reference");
    if (reference.backend)
      result.verification =
          verify_against_reference(backend, *reference.backend, spec, workload, weights);
    else
      result.verification.note = "reference backend not loaded";
  } else {
    result.verification.note = "verification off (verify = false)";
  }

  auto start = std::chrono::steady_clock::now();
  Session session(backend, config, dataset_view(workload), weights);
  result.setup_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  train_and_time(session, spec, workload, result);
  // No validation loss after divergence, or without validation windows (a csv split may
  // leave none): NaN, never a backend's made-up 0.
  result.val_loss = result.diverged_epoch > 0 || workload.num_val == 0 ? NAN : session.evaluate();
  lb_session_info info = session.info();
  result.device_bytes = info.device_bytes;
  result.backend_details = std::string(info.details, strnlen(info.details, sizeof info.details));

  if (result.diverged_epoch > 0) {
    result.status = Status::diverged;
    result.reason = fmt::format("training loss is not finite at epoch {}", result.diverged_epoch);
  } else if (result.verification.ran && !result.verification.passed) {
    result.status = Status::unverified;
    result.reason = result.verification.note;
  } else {
    result.status = Status::ok;
  }
}

}  // namespace

CaseResult run_case(const suite::CaseSpec& spec, const plugin::PluginRegistry& registry) {
  CaseResult result;
  result.spec = spec;
  result.val_loss = NAN;
  try {
    run_lifecycle(spec, registry, result);
  } catch (const BackendFailure& e) {
    result.status = e.status() == LB_UNSUPPORTED ? Status::skipped : Status::failed;
    result.reason = e.what();
  } catch (const std::exception& e) {
    result.status = Status::failed;
    result.reason = e.what();
  }
  return result;
}

}  // namespace lstmbench::run
