// Known CaseResult values for the writers' output tests: one case of every kind a report shows
// (ok on two backends, skipped, failed, crashed, diverged, unverified), with fixed numbers so
// the rendered text is reproducible. Shared by the golden and CSV tests of this folder.
#pragma once

#include <fmt/format.h>

#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "results/case_result.hpp"

namespace lstmbench::report::testing {

inline results::CaseResult base_case(int index, const std::string& backend, int batch, double lr) {
  results::CaseResult r;
  r.spec.suite_name = "seed";
  r.spec.epochs = 5;
  r.spec.warmup_epochs = 1;
  r.spec.backend = backend;
  r.spec.batch_size = batch;
  r.spec.learning_rate = lr;
  r.spec.index = index;
  r.spec.id = fmt::format("{}-b{}-lr{}", backend, batch, lr);
  r.spec.varying = {{"backend", backend},
                    {"batch_size", std::to_string(batch)},
                    {"learning_rate", fmt::format("{}", lr)}};
  r.device = backend == "cudnn" ? "gpu" : "cpu";
  r.plugin = backend + " 0.1.0";
  return r;
}

inline void trained(results::CaseResult& r, std::vector<double> epoch_ms, std::vector<double> loss,
                    double val_loss) {
  r.epoch_ms = std::move(epoch_ms);
  r.train_loss = std::move(loss);
  r.val_loss = val_loss;
  r.steps_per_epoch = 16384 / r.spec.batch_size;
  r.setup_ms = 12.5;
}

inline void verified(results::CaseResult& r, double loss_err, double weight_err, double tolerance) {
  r.verification.ran = true;
  r.verification.steps = 3;
  r.verification.max_rel_error_loss = loss_err;
  r.verification.weight_update_error = weight_err;
  r.verification.tolerance = tolerance;
  r.verification.passed = loss_err <= tolerance && weight_err <= tolerance;
}

inline std::vector<results::CaseResult> sample_results() {
  std::vector<results::CaseResult> results;

  auto cpu = base_case(0, "onednn", 32, 0.001);
  cpu.status = results::Status::ok;
  trained(cpu, {31250.0, 20100.5, 19875.25, 20420.0, 19990.0}, {0.91, 0.42, 0.2113, 0.1502, 0.1234},
          0.1311);
  verified(cpu, 2.1e-6, 8.4e-7, 1e-4);
  cpu.spec.options = {{"threads", "2"}};
  cpu.backend_details = "oneDNN 2.6.3, lstm_forward_training, avx2";
  cpu.gemm_ceiling_gflops = 150.0;  // the cuDNN case has none: its "% of ceiling" is "—"
  results.push_back(cpu);

  auto gpu = base_case(1, "cudnn", 32, 0.001);
  gpu.status = results::Status::ok;
  trained(gpu, {5400.0, 1510.0, 1498.5, 1502.25, 1620.0}, {0.9, 0.41, 0.2101, 0.1499, 0.1231},
          0.1307);
  verified(gpu, 3.3e-6, 1.2e-5, 1e-4);
  gpu.device_bytes = 25165824;
  gpu.backend_details = "cuDNN 9.19, CUDNN_RNN_ALGO_STANDARD";
  results.push_back(gpu);

  auto skipped = base_case(2, "cudnn", 256, 0.001);
  skipped.status = results::Status::skipped;
  skipped.spec.activation = "relu";
  skipped.reason = "cuDNN's LSTM kernel needs activation=tanh; this case has \"relu\", so no";
  results.push_back(skipped);

  auto failed = base_case(3, "onednn", 256, 0.001);
  failed.status = results::Status::failed;
  failed.reason = "create: out of memory\nwhile allocating 2 GiB | workspace";
  failed.val_loss = std::numeric_limits<double>::quiet_NaN();
  failed.setup_ms = 3.0;
  results.push_back(failed);

  auto crashed = base_case(4, "cudnn", 512, 0.002);
  crashed.status = results::Status::crashed;
  crashed.reason = "signal 11 (SIGSEGV)";
  crashed.log_path = "logs/case-4.stderr";
  crashed.epoch_ms = {5100.0};  // died during the warm-up epoch
  crashed.train_loss = {0.95};
  crashed.val_loss = std::numeric_limits<double>::quiet_NaN();
  crashed.steps_per_epoch = 32;
  results.push_back(crashed);

  auto diverged = base_case(5, "onednn", 512, 0.002);
  diverged.status = results::Status::diverged;
  diverged.spec.precision = "fp16";
  trained(diverged, {2200.0, 640.0, 655.5}, {0.97, 3.5, std::numeric_limits<double>::infinity()},
          std::numeric_limits<double>::quiet_NaN());
  diverged.diverged_epoch = 3;
  diverged.skipped_steps = 7;
  verified(diverged, 4.2e-3, 9.0e-4, 1e-2);
  results.push_back(diverged);

  auto unverified = base_case(6, "cudnn", 256, 0.002);
  unverified.status = results::Status::unverified;
  unverified.spec.mode = "graph";
  trained(unverified, {4000.0, 310.0, 305.0, 298.0, 301.5}, {0.9, 0.45, 0.3, 0.25, 0.2251}, 0.2409);
  verified(unverified, 3.1e-2, 2.2e-3, 1e-4);
  unverified.verification.note = "step 2 loss differs from the reference by 3.1e-2";
  results.push_back(unverified);

  return results;
}

// The environment header the golden report is rendered with: every key the runner records, a
// plugin with an environment object, a plugin load failure, and one key this writer does not
// know (it must still show).
inline nlohmann::json sample_environment() {
  return nlohmann::json::parse(R"json({
    "command": "lstmbench run suites/seed.toml --out reports/seed",
    "date": "2025-01-02T03:04:05Z",
    "git_commit": "0123456789ab",
    "host": "bench-01",
    "machine": "x86_64",
    "cpu": "AMD EPYC 7B13",
    "cores": 2,
    "os": "Debian GNU/Linux 12 (bookworm)",
    "compiler": "g++ 12.2.0",
    "lstmbench": "0.1.0",
    "backend_settings": {"OMP_NUM_THREADS": "2", "OMP_PROC_BIND": "close"},
    "cuda_visible_devices": "0",
    "plugins": [
      {"name": "onednn", "version": "0.1.0", "build_info": "oneDNN 2.6.3",
       "backends": [{"name": "onednn", "device": "cpu", "precisions": "fp32,bf16",
                     "modes": "eager"}],
       "environment": {"isa": "avx2", "threads": 2}},
      {"name": "cudnn", "version": "0.1.0", "build_info": "CUDA 13.0, cuDNN 9.19",
       "backends": [{"name": "cudnn", "device": "gpu", "precisions": "fp32,fp16",
                     "modes": "eager,graph"}],
       "environment": {"driver": "580.65", "gpu": "NVIDIA H100"}}
    ],
    "load_failures": [{"path": "plugins/broken.so", "reason": "ABI version 2, expected 1"}]
  })json");
}

}  // namespace lstmbench::report::testing
