// Memory a case needs, estimated before anything is built, against what the machine has: a case
// that cannot fit is refused with the numbers instead of being killed half-way by the kernel's
// out-of-memory killer (or taking the runner with it, when the runner builds the workload).
#pragma once

#include <cstdint>
#include <string>

#include "suite/case_spec.hpp"

namespace lstmbench::run {

// RETURNS: the bytes of the case's workload as the runner builds and shares it: the training
// and validation windows and targets (float32) and the initial weights (float32). Exact for
// the synthetic series; for a CSV file, the windows (the series itself is not counted).
std::uint64_t workload_bytes(const suite::CaseSpec& spec);

// RETURNS: a generous estimate of the host memory one case process needs: its mapped workload,
// a backend's own copy of the data, the weights with gradients and optimizer state in float64
// (what the reference keeps), and a step's activations in float64 for the backward pass.
std::uint64_t case_memory_estimate(const suite::CaseSpec& spec);

// RETURNS: the memory this process may still use: MemAvailable of /proc/meminfo, lowered to
// what is left under the cgroup's memory.max where one is set; 0 when unknown.
std::uint64_t available_memory_bytes();

// RETURNS: empty when `bytes` fits in `available` (or available is unknown), else a sentence
// naming both, for an error or a refusal.
std::string does_not_fit(const std::string& what, std::uint64_t bytes, std::uint64_t available);

}  // namespace lstmbench::run
