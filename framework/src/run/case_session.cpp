#include "run/case_session.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "common/error.hpp"
#include "run/verification.hpp"

namespace lstmbench::run {

std::string plugin_backend_name(const suite::CaseSpec& spec) {
  return spec.plugin_backend.empty() ? spec.backend : spec.plugin_backend;
}

int base_rounds(const suite::CaseSpec& spec) {
  const int timed = spec.epochs - spec.warmup_epochs;
  return std::max(1, spec.rounds == 0 ? timed : std::min(spec.rounds, timed));
}

int epochs_in_round(int timed, int rounds, int round) {
  if (rounds <= 0 || round < 1) return 0;
  return timed / rounds + (round <= timed % rounds ? 1 : 0);
}

namespace {

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace

CaseSession::CaseSession(const suite::CaseSpec& spec, const plugin::PluginRegistry& registry,
                         std::string workload_file, std::optional<results::Verification> reused)
    : spec_(spec),
      registry_(registry),
      workload_file_(std::move(workload_file)),
      reused_verification_(std::move(reused)) {
  result_.spec = spec;
  result_.val_loss = NAN;
}

CaseSession::~CaseSession() { close(); }

void CaseSession::end_with(Status status, const std::string& reason) {
  result_.status = status;
  result_.reason = reason;
  ended_ = true;
}

// Runs body; an exception ends the case with its message. RETURNS: true if the case goes on.
template <class Body>
bool CaseSession::guarded(Body&& body) {
  if (ended_) return false;
  try {
    body();
  } catch (const BackendFailure& e) {
    end_with(e.status() == LB_UNSUPPORTED ? Status::skipped : Status::failed, e.what());
  } catch (const std::exception& e) {
    end_with(Status::failed, e.what());
  }
  return !ended_;
}

bool CaseSession::set_up(const EpochFn& on_epoch) {
  return guarded([&] {
    const std::string backend_name = plugin_backend_name(spec_);
    plugin::BackendRef ref = registry_.find_backend(backend_name);
    if (!ref.backend) {
      // A plugin that failed to load fails the case (the run exits 1); a backend no plugin
      // claims is skipped.
      plugin::Unavailable why = registry_.why_unavailable(backend_name);
      end_with(why.load_failed ? Status::failed : Status::skipped, why.message);
      return;
    }
    backend_ = ref.backend;
    result_.device = backend_->device_kind;
    if (result_.device == "gpu")  // unknown clocks and temperatures when NVML is absent
      gpu_telemetry_ =
          GpuTelemetry::open(first_visible_gpu(std::getenv("CUDA_VISIBLE_DEVICES")), nullptr);
    result_.plugin =
        fmt::format("{} {}", ref.plugin->descriptor->name, ref.plugin->descriptor->version);

    auto start = std::chrono::steady_clock::now();
    if (!workload_file_.empty()) {
      mapped_ = std::make_unique<workload::MappedWorkload>(workload_file_);
      workload_ = mapped_->view();
    } else {
      built_ = workload::build_workload(spec_);
      built_weights_ = workload::initial_weights(spec_, built_->input_size);
      workload_ = workload::view_of(*built_, built_weights_);
    }
    result_.phases.workload_ms = ms_since(start);

    config_ = std::make_unique<CaseConfig>(spec_, workload_.input_size, spec_.batch_size);
    if (std::string reason = unsupported_reason(*backend_, *config_); !reason.empty()) {
      end_with(Status::skipped, reason);
      return;
    }
    result_.steps_per_epoch = static_cast<int>(workload_.num_train / spec_.batch_size);
    if (result_.steps_per_epoch == 0)
      throw Error("batch_size", fmt::format("batch_size {} exceeds the {} training windows",
                                            spec_.batch_size, workload_.num_train));

    start = std::chrono::steady_clock::now();
    if (spec_.verify && reused_verification_) {
      result_.verification = *reused_verification_;
    } else if (spec_.verify) {
      plugin::BackendRef reference = registry_.find_backend("reference");
      if (reference.backend)
        result_.verification =
            verify_against_reference(*backend_, *reference.backend, spec_, workload_);
      else
        result_.verification.note = "reference backend not loaded";
    } else {
      result_.verification.note = "verification off (verify = false)";
    }
    result_.phases.verification_ms = ms_since(start);

    start = std::chrono::steady_clock::now();
    session_ =
        std::make_unique<Session>(*backend_, *config_, dataset_view(workload_), workload_.weights);
    result_.setup_ms = result_.phases.create_ms = ms_since(start);

    // Once per case, before warm-up: its work then never shares an epoch's clock, and warm-up
    // settles the caches it disturbed. A backend without one (or refusing) leaves it NaN.
    if (const auto ceiling = plugin::gemm_ceiling_gflops(*backend_, config_->get()))
      result_.gemm_ceiling_gflops = *ceiling;

    start = std::chrono::steady_clock::now();
    run_epochs(0, spec_.warmup_epochs, on_epoch);
    result_.phases.warmup_ms = ms_since(start);
    result_.phases.timed_ms = 0.0;
  });
}

bool CaseSession::run_round(int round, int epochs, const EpochFn& on_epoch) {
  return guarded([&] {
    if (!session_) throw Error("", "run_round before set_up");
    auto start = std::chrono::steady_clock::now();
    run_epochs(round, epochs, on_epoch);
    result_.phases.timed_ms += ms_since(start);
    result_.rounds_run = std::max(result_.rounds_run, round);
  });
}

void append_epoch(results::CaseResult& result, const EpochRecord& record) {
  result.epoch_ms.push_back(record.ms);
  if (record.backend_ms >= 0) result.backend_epoch_ms.push_back(record.backend_ms);
  result.train_loss.push_back(record.loss);
  result.skipped_steps += record.skipped_steps;
  result.epoch_round.push_back(record.round);
  result.epoch_steal.push_back(record.noise.steal);
  result.epoch_other_cpu.push_back(record.noise.other_cpu);
  const GpuSample& gpu = record.noise.gpu;
  if (std::isfinite(gpu.sm_clock_mhz) || std::isfinite(gpu.temperature_c) ||
      std::isfinite(gpu.power_w) || !result.epoch_gpu_clock_mhz.empty()) {
    // Keep the three series aligned with the epochs: pad epochs before the first sample.
    const std::size_t before = result.epoch_ms.size() - 1;
    for (auto* series :
         {&result.epoch_gpu_clock_mhz, &result.epoch_gpu_temp_c, &result.epoch_gpu_power_w})
      series->resize(before, std::numeric_limits<double>::quiet_NaN());
    result.epoch_gpu_clock_mhz.push_back(gpu.sm_clock_mhz);
    result.epoch_gpu_temp_c.push_back(gpu.temperature_c);
    result.epoch_gpu_power_w.push_back(gpu.power_w);
  }
}

bool CaseSession::run_epochs(int round, int epochs, const EpochFn& on_epoch) {
  NoiseProbe probe(gpu_telemetry_.get());
  for (int e = 0; e < epochs && !ended_; ++e) {
    std::vector<std::int32_t> order =
        workload::epoch_order(spec_.seed, epochs_done_, workload_.num_train);
    probe.start();
    EpochOutcome outcome = session_->train_epoch(order);
    EpochRecord record{round,
                       outcome.wall_ms,
                       outcome.result.backend_ms,
                       outcome.result.mean_loss,
                       outcome.result.skipped_steps,
                       probe.stop()};
    ++epochs_done_;
    append_epoch(result_, record);
    if (on_epoch) on_epoch(record);
    // A backend that runs more or fewer steps than the epoch holds would be timed for other
    // work than every other backend: never an ok case.
    const auto expected = static_cast<std::size_t>(result_.steps_per_epoch);
    if (outcome.result.num_steps != expected) {
      end_with(Status::failed,
               fmt::format("the backend reported {} steps in epoch {}; an epoch of {} training "
                           "windows at batch_size {} is floor({}/{}) = {} steps",
                           outcome.result.num_steps, epochs_done_, workload_.num_train,
                           spec_.batch_size, workload_.num_train, spec_.batch_size, expected));
      return false;
    }
    if (!std::isfinite(record.loss)) {
      result_.diverged_epoch = epochs_done_;
      end_with(Status::diverged,
               fmt::format("training loss is not finite at epoch {}", result_.diverged_epoch));
      return false;
    }
  }
  return !ended_;
}

const CaseResult& CaseSession::finish() {
  if (ended_) return result_;
  guarded([&] {
    if (!session_) return;
    // No validation loss after divergence, or without validation windows (a csv split may
    // leave none): NaN, never a backend's made-up 0.
    result_.val_loss =
        result_.diverged_epoch > 0 || workload_.num_val == 0 ? NAN : session_->evaluate();
    lb_session_info info = session_->info();
    result_.device_bytes = info.device_bytes;
    result_.backend_details = std::string(info.details, strnlen(info.details, sizeof info.details));
    if (result_.verification.ran && !result_.verification.passed) {
      end_with(Status::unverified, result_.verification.note);
    } else {
      end_with(Status::ok, "");
    }
  });
  ended_ = true;
  return result_;
}

void CaseSession::close() { session_.reset(); }

CaseResult run_case(const suite::CaseSpec& spec, const plugin::PluginRegistry& registry) {
  CaseSession session(spec, registry);
  if (session.set_up()) {
    const int timed = spec.epochs - spec.warmup_epochs;
    const int rounds = base_rounds(spec);
    for (int round = 1; round <= rounds; ++round)
      if (!session.run_round(round, epochs_in_round(timed, rounds, round))) break;
  }
  CaseResult result = session.finish();
  session.close();
  return result;
}

}  // namespace lstmbench::run
