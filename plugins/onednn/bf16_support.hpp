// Whether oneDNN can train a bf16 LSTM on this CPU, asked of oneDNN itself.
#pragma once

#include <string>

namespace lstmbench::onednn {

// RETURNS: empty when bf16 LSTM training works here, else the reason, naming the ISA, e.g.
// "bf16 LSTM training needs AVX-512 (avx512_core); this CPU's best ISA is avx2".
// Decided once per process: below avx512_core oneDNN 2.6.3 has no bf16 GEMM at all
// (src/cpu/gemm/gemm.cpp); above it, a tiny forward_training + backward primitive-descriptor pair
// is created in the backend's bf16 configuration, so a oneDNN build or ISA cap (ONEDNN_MAX_CPU_ISA)
// that cannot run it is caught here rather than at create().
const std::string& bf16_training_refusal();

}  // namespace lstmbench::onednn
