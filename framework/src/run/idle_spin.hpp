// Environment settings that keep idle OpenMP threads spinning. Between rounds every case of a
// group waits with its session alive; a backend whose OpenMP threads spin while they wait takes
// the CPUs from the case being timed (docs/measuring.md).
#pragma once

#include <cstdlib>
#include <functional>
#include <string>

namespace lstmbench::run {

// Reads one environment variable: nullptr when unset (std::getenv's contract).
using EnvLookup = std::function<const char*(const char*)>;

// RETURNS: the first setting under which idle OpenMP threads spin for a second or more instead
// of sleeping, as NAME=value (OMP_WAIT_POLICY=active, GOMP_SPINCOUNT=infinite or >= 1e9 spins,
// KMP_BLOCKTIME=infinite or >= 1000 ms); "" when none is set.
std::string idle_spin_setting(const EnvLookup& lookup = std::getenv);

}  // namespace lstmbench::run
