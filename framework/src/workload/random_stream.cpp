#include "workload/random_stream.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "lstmbench/column_blocks.hpp"

namespace lstmbench::workload {

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

std::uint64_t stream_seed(std::uint64_t seed, Stream stream, std::uint64_t index) {
  return splitmix64(splitmix64(splitmix64(seed) ^ static_cast<std::uint64_t>(stream)) ^ index);
}

namespace {

double unit_interval(std::uint64_t bits) {
  // 2^-53: the top 53 bits fill a double's mantissa exactly, so every value is representable.
  return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

// Box-Muller on two draws: u1 = 1 - uniform (in (0, 1], so that log(u1) is finite) from the
// first, u2 = uniform from the second. RETURNS: the pair (r cos 2 pi u2, r sin 2 pi u2).
std::pair<double, double> box_muller(std::uint64_t first, std::uint64_t second) {
  const double radius = std::sqrt(-2.0 * std::log(1.0 - unit_interval(first)));
  const double angle = 2.0 * std::numbers::pi * unit_interval(second);
  return {radius * std::cos(angle), radius * std::sin(angle)};
}

}  // namespace

double RandomStream::uniform() { return unit_interval(engine_()); }

double RandomStream::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_normal_;
  }
  const std::uint64_t first = engine_();
  const auto [value, spare] = box_muller(first, engine_());
  spare_normal_ = spare;
  has_spare_ = true;
  return value;
}

void RandomStream::fill_normal(double* out, std::size_t count) {
  std::size_t k = 0;
  if (count > 0 && has_spare_) out[k++] = normal();
  // The engine is sequential, so each chunk's draws are taken in order first; the logarithms,
  // roots and sines, three quarters of the time, are then split over threads by pairs. Chunks
  // keep the draws in cache and spare a buffer as large as the output.
  constexpr std::size_t kChunkPairs = std::size_t{1} << 15;
  const std::size_t pairs = (count - k) / 2;
  const std::size_t threads = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8);
  std::vector<std::uint64_t> draws(2 * std::min(pairs, kChunkPairs));
  for (std::size_t c0 = 0; c0 < pairs; c0 += kChunkPairs) {
    const std::size_t chunk = std::min(kChunkPairs, pairs - c0);
    for (std::size_t d = 0; d < 2 * chunk; ++d) draws[d] = engine_();
    double* chunk_out = out + k + 2 * c0;
    // Under ~4096 pairs (~0.2 ms) a thread costs more than it saves.
    for_each_column_block(chunk, chunk >= 4096 ? threads : 1, [&](std::size_t p0, std::size_t p1) {
      for (std::size_t p = p0; p < p1; ++p)
        std::tie(chunk_out[2 * p], chunk_out[2 * p + 1]) =
            box_muller(draws[2 * p], draws[2 * p + 1]);
    });
  }
  k += 2 * pairs;
  if (k < count) out[k] = normal();  // keeps the pair's second value as the spare
}

std::uint64_t RandomStream::below(std::uint64_t bound) {
  // Reject the lowest (2^64 mod bound) values: the accepted range then holds a whole number of
  // copies of every residue, so x % bound is exactly uniform. (0 - bound) % bound computes
  // 2^64 mod bound without overflow.
  const std::uint64_t threshold = (0 - bound) % bound;
  for (;;) {
    const std::uint64_t x = engine_();
    if (x >= threshold) return x % bound;
  }
}

}  // namespace lstmbench::workload
