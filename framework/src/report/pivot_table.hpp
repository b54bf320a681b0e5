// Mean ms/epoch pivoted by backend: one row per combination of the other varying settings
// (batch size x learning rate in the seed suite), one column per backend, and the speed-up of
// every backend against the first one (the baseline: the suite's first backend).
#pragma once

#include <ostream>
#include <vector>

#include "results/case_result.hpp"

namespace lstmbench::report {

// Writes nothing and returns false when fewer than two backends have timed cases.
bool write_backend_pivot(std::ostream& out, const std::vector<results::CaseResult>& results);

}  // namespace lstmbench::report
