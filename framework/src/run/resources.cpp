#include "run/resources.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <limits>
#include <string>

namespace lstmbench::run {
namespace {

// Saturating arithmetic: the suite's limits keep sizes in int, but their products can still
// pass 2^64 for absurd combinations, which must read as "too big", never wrap to small.
std::uint64_t mul(std::uint64_t a, std::uint64_t b) {
  if (a != 0 && b > std::numeric_limits<std::uint64_t>::max() / a)
    return std::numeric_limits<std::uint64_t>::max();
  return a * b;
}

std::uint64_t add(std::uint64_t a, std::uint64_t b) {
  return a > std::numeric_limits<std::uint64_t>::max() - b
             ? std::numeric_limits<std::uint64_t>::max()
             : a + b;
}

std::uint64_t weight_count(const suite::CaseSpec& s) {
  const std::uint64_t h = static_cast<std::uint64_t>(s.hidden_size);
  std::uint64_t total = 0;
  for (int layer = 0; layer < s.num_layers; ++layer) {
    const std::uint64_t input = layer == 0 ? 1 : h;
    total = add(total, mul(4 * h, add(add(input, h), 1)));
  }
  return add(total, h + 1);  // the Dense(1) head
}

std::string gib(std::uint64_t bytes) {
  return fmt::format("{:.1f} GiB", bytes / double(1ULL << 30));
}

std::uint64_t read_number_file(const std::string& path) {
  std::ifstream in(path);
  std::string text;
  if (!(in >> text) || text == "max") return 0;
  try {
    return std::stoull(text);
  } catch (...) {
    return 0;
  }
}

}  // namespace

std::uint64_t workload_bytes(const suite::CaseSpec& s) {
  const std::uint64_t windows =
      add(static_cast<std::uint64_t>(s.train_windows), static_cast<std::uint64_t>(s.val_windows));
  const std::uint64_t floats =
      add(mul(windows, add(static_cast<std::uint64_t>(s.seq_len), 1)), weight_count(s));
  return mul(floats, sizeof(float));
}

std::uint64_t case_memory_estimate(const suite::CaseSpec& s) {
  const std::uint64_t state = mul(weight_count(s), 4 * sizeof(double));  // w, grad, m, v
  // Per step and layer: inputs, the four gates, cell and hidden states kept for backward.
  const std::uint64_t activations = mul(
      mul(mul(static_cast<std::uint64_t>(s.batch_size), static_cast<std::uint64_t>(s.seq_len)),
          mul(static_cast<std::uint64_t>(s.hidden_size), static_cast<std::uint64_t>(s.num_layers))),
      12 * sizeof(double));
  return add(add(mul(workload_bytes(s), 2), state), activations);
}

std::uint64_t available_memory_bytes() {
  std::uint64_t available = 0;
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  std::uint64_t kib = 0;
  std::string unit;
  while (meminfo >> key >> kib >> unit) {
    if (key == "MemAvailable:") {
      available = kib * 1024;
      break;
    }
  }
  // cgroup v2: what the group may still take.
  const std::uint64_t limit = read_number_file("/sys/fs/cgroup/memory.max");
  const std::uint64_t used = read_number_file("/sys/fs/cgroup/memory.current");
  if (limit > 0 && limit > used)
    available = available == 0 ? limit - used : std::min(available, limit - used);
  return available;
}

std::string does_not_fit(const std::string& what, std::uint64_t bytes, std::uint64_t available) {
  if (available == 0 || bytes <= available) return "";
  return fmt::format(
      "{} needs about {} of memory; this machine has {} available (lower "
      "train_windows, val_windows, seq_len, hidden_size or batch_size)",
      what, gib(bytes), gib(available));
}

}  // namespace lstmbench::run
