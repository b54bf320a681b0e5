// The workload every backend trains (docs/workload.md): a
// univariate series cut into windows, split, standardised with training statistics, plus the
// canonical Keras-default initial weights and the per-epoch orders of the training windows.
// Everything is a pure function of the case's settings and seed, so every backend and every
// process sees exactly the same numbers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "suite/case_spec.hpp"

namespace lstmbench::workload {

// Keras's Adam defaults (keras/src/optimizers/adam.py): every backend gets these, and the dump
// records them. epsilon is Keras's 1e-7, not PyTorch's 1e-8.
inline constexpr double kAdamBeta1 = 0.9;
inline constexpr double kAdamBeta2 = 0.999;
inline constexpr double kAdamEpsilon = 1e-7;

struct Workload {
  int seq_len = 0;
  int input_size = 1;
  std::size_t num_train = 0;
  std::size_t num_val = 0;
  std::vector<float> train_x;  // [num_train][seq_len][input_size], standardised
  std::vector<float> train_y;  // [num_train], standardised
  std::vector<float> val_x;
  std::vector<float> val_y;
  double mean = 0.0;  // training statistics used to standardise
  double stddev = 1.0;
  std::string source_description;  // "synthetic(seed=42)" or "csv(path, column close, 1234 rows)"
};

// Builds the windows of a case (depends only on the [data] settings and the seed).
// Throws lstmbench::Error for a missing file or column, a non-numeric cell (with its row), or a
// series too short for seq_len and the requested windows.
Workload build_workload(const suite::CaseSpec& spec);

// Keras-default initial weights in the canonical layout (lstmbench/canonical_weights.hpp):
// glorot-uniform kernels, orthogonal recurrent kernels, zero bias with forget-gate bias 1,
// glorot-uniform Dense kernel, zero Dense bias. Depends only on the model settings and seed.
std::vector<float> initial_weights(const suite::CaseSpec& spec, int input_size = 1);

// The order of the training windows in epoch `epoch` (0-based): a permutation of
// 0..num_train-1 drawn from the seed; the same for every backend.
std::vector<std::int32_t> epoch_order(std::uint64_t seed, int epoch, std::size_t num_train);

// Writes windows, targets, initial weights and the permutations of `epochs` epochs as .npy
// files plus manifest.json into dir (docs/workload-dump.md). Creates dir.
void dump_workload(const suite::CaseSpec& spec, const Workload& workload,
                   const std::vector<float>& weights, int epochs, const std::string& dir);

}  // namespace lstmbench::workload
