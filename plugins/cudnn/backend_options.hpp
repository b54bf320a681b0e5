// What a case asks of the cudnn backend, read once from the case configuration: precision,
// execution mode and the backend options (algo, tf32, inject_overflow_step).
#pragma once

#include <cudnn.h>

#include <cstdint>
#include <lstmbench/plugin.hpp>
#include <string>

namespace lstmbench::cudnn_backend {

// The largest batch_size the backend accepts; check_case refuses larger ones. No buffer or
// kernel needs a bound (the head spreads over one block per 32 rows): it keeps benchmarks to
// sizes that have been reasoned about, because cuDNN's backward pass has faulted on very large
// batches, and a fault ends the whole process's use of the GPU.
inline constexpr int kMaxBatch = 8192;

enum class Algo { kStandard, kPersistStatic, kPersistStaticSmallH, kPersistDynamic };

struct BackendOptions {
  bool fp16 = false;   // precision=fp16: Keras mixed_float16 with dynamic loss scaling
  bool graph = false;  // mode=graph: the whole step as one CUDA Graph, fused head and Adam
  bool adam = true;    // optimizer=adam (else sgd)
  Algo algo = Algo::kStandard;
  bool tf32 = false;  // fp32 only: let cuDNN use TF32 tensor cores (CUDNN_DEFAULT_MATH)
  // 1-based index of the training step (counted over the session) whose gradient is made
  // non-finite, to exercise the skip path of dynamic loss scaling; 0 = never.
  std::int64_t inject_overflow_step = 0;
};

// RETURNS: empty if the model, precision, mode, optimizer and options can run on cuDNN (the device
// is checked separately), else the reason a person reads in the report.
std::string unsupported_model_reason(const sdk::CaseConfig& config);

// RETURNS: empty if the data can be trained on, else why not: every step gathers a batch of
// training windows, so an empty training set is refused (an empty validation set is not: only
// evaluate() needs it, and it says so).
std::string unusable_data_reason(const sdk::Dataset& data);

// REQUIRES: unsupported_model_reason(config) is empty. RETURNS: the parsed options.
BackendOptions parse_options(const sdk::CaseConfig& config);

const char* algo_name(Algo algo);
cudnnRNNAlgo_t to_cudnn(Algo algo);

}  // namespace lstmbench::cudnn_backend
