// The GEMM throughput oneDNN reaches on this CPU at one LSTM step's shapes: the ceiling a
// report's "% of ceiling" column divides by (ABI 1.1 gemm_ceiling).
#pragma once

#include <lstmbench/plugin.hpp>

namespace lstmbench::onednn {

// RETURNS: GFLOP/s of dnnl_sgemm at the fused gate GEMM of one step, C[M][N] = A[M][K] B[K][N]
// with M = batch_size, N = 4*hidden_size, K = input_size + hidden_size, on the case's thread
// count: the best of several timed chunks after a warm-up. Throws sdk::Unsupported for a
// precision other than fp32 (oneDNN 2.6's C API has no bf16 GEMM to time).
double gemm_ceiling_gflops(const sdk::CaseConfig& config);

}  // namespace lstmbench::onednn
