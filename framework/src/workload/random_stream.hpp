// The one random generator of the workload: std::mt19937_64 (its output sequence is fixed by
// the C++ standard), with our own uniform, normal and bounded-integer draws, because the
// standard's distributions are implementation-defined and would give libstdc++ and libc++ users
// different data and weights. Each purpose (series, weights, epoch orders) draws from its own
// stream, derived from the seed, so that changing one never shifts another (docs/workload.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>

namespace lstmbench::workload {

// Stream identifiers: part of the documented derivation, never renumber them.
enum class Stream : std::uint64_t {
  kSeries = 1,
  kWeights = 2,
  kEpochOrder = 3,
};

// SplitMix64's finaliser (Steele, Lea, Flood 2014): a bijection with good avalanche, used to
// turn (seed, stream, index) into well-separated mt19937_64 seeds.
std::uint64_t splitmix64(std::uint64_t x);

// RETURNS: splitmix64(splitmix64(splitmix64(seed) ^ stream) ^ index).
std::uint64_t stream_seed(std::uint64_t seed, Stream stream, std::uint64_t index = 0);

class RandomStream {
 public:
  RandomStream(std::uint64_t seed, Stream stream, std::uint64_t index = 0)
      : engine_(stream_seed(seed, stream, index)) {}

  std::uint64_t next_u64() { return engine_(); }
  // RETURNS: a double in [0, 1) from the top 53 bits of one draw.
  double uniform();
  // RETURNS: a double in [low, high).
  double uniform(double low, double high) { return low + (high - low) * uniform(); }
  // RETURNS: a standard normal deviate (Box-Muller; both values of a pair are used in turn).
  double normal();
  // Fills out[0 .. count) with what `count` calls of normal() would return, bit for bit, with
  // the arithmetic split over threads.
  void fill_normal(double* out, std::size_t count);
  // RETURNS: an integer uniform in [0, bound) (REQUIRES bound > 0), by rejection so that it
  // has no modulo bias.
  std::uint64_t below(std::uint64_t bound);

 private:
  std::mt19937_64 engine_;
  double spare_normal_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace lstmbench::workload
