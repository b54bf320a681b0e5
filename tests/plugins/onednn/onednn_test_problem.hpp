// The problem shape the onednn conformance tests train (fp32 and bf16 alike): input width 3
// differs from the hidden size, so layer 0 is its own primitive shape and a transposed kernel
// cannot go unnoticed.
#pragma once

#include <cstdint>
#include <string>

#include "support/plugin_harness.hpp"

namespace lstmbench::testing {

inline ProblemSpec onednn_conformance_spec(int layers, int batch, int steps,
                                           const std::string& optimizer,
                                           const std::string& precision, std::uint64_t seed_base) {
  ProblemSpec spec;
  spec.input_size = 3;
  spec.hidden_size = 16;
  spec.num_layers = layers;
  spec.seq_len = 12;
  spec.batch_size = batch;
  spec.num_train = steps * batch;
  spec.num_val = 10;
  spec.optimizer = optimizer;
  spec.learning_rate = optimizer == "adam" ? 1e-2 : 1e-1;
  spec.precision = precision;
  spec.seed = seed_base + 100 * layers + batch;
  return spec;
}

}  // namespace lstmbench::testing
