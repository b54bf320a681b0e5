#include "gemm_ceiling.hpp"

#include <omp.h>
#include <oneapi/dnnl/dnnl.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "case_check.hpp"

namespace lstmbench::onednn {

namespace {

using Clock = std::chrono::steady_clock;

// Each timed chunk repeats the GEMM for at least this long, so the clock's resolution and one
// call's jitter do not set the rate; the best of kChunks is kept (the ceiling, not the mean).
constexpr double kChunkSeconds = 2e-3;
constexpr int kChunks = 7;

}  // namespace

double gemm_ceiling_gflops(const sdk::CaseConfig& config) {
  if (config.precision != "fp32")
    throw sdk::Unsupported(
        "the onednn backend measures its GEMM ceiling with dnnl_sgemm (fp32) only; oneDNN 2.6's C "
        "API has no " +
        config.precision + " GEMM to time");
  const dnnl_dim_t M = config.batch_size;
  const dnnl_dim_t N = 4 * static_cast<dnnl_dim_t>(config.hidden_size);
  const dnnl_dim_t K = static_cast<dnnl_dim_t>(config.input_size) + config.hidden_size;
  omp_set_num_threads(requested_threads(config));
  // The values do not change the speed; 0.5 keeps them far from denormals.
  std::vector<float> a(static_cast<std::size_t>(M * K), 0.5f);
  std::vector<float> b(static_cast<std::size_t>(K * N), 0.5f);
  std::vector<float> c(static_cast<std::size_t>(M * N), 0.0f);
  auto gemm = [&] {
    if (dnnl_sgemm('N', 'N', M, N, K, 1.0f, a.data(), K, b.data(), N, 0.0f, c.data(), N) !=
        dnnl_success)
      throw std::runtime_error("dnnl_sgemm failed at M=" + std::to_string(M) +
                               " N=" + std::to_string(N) + " K=" + std::to_string(K));
  };
  gemm();  // warm-up: first-call dispatch, page faults, thread pool start
  auto start = Clock::now();
  gemm();
  const double one = std::chrono::duration<double>(Clock::now() - start).count();
  const long repeats =
      std::max(1L, static_cast<long>(std::ceil(kChunkSeconds / std::max(one, 1e-9))));
  double best_seconds = 0.0;
  for (int chunk = 0; chunk < kChunks; ++chunk) {
    start = Clock::now();
    for (long r = 0; r < repeats; ++r) gemm();
    const double seconds =
        std::chrono::duration<double>(Clock::now() - start).count() / static_cast<double>(repeats);
    if (chunk == 0 || seconds < best_seconds) best_seconds = seconds;
  }
  const double flops =
      2.0 * static_cast<double>(M) * static_cast<double>(N) * static_cast<double>(K);
  return flops / best_seconds / 1e9;
}

}  // namespace lstmbench::onednn
