// Mean ms/epoch pivoted by backend: one row per combination of the other varying settings
// (batch size x learning rate in the seed suite), one column per backend (with its device), and
// the speed-up of every backend against the baseline: the suite's first backend with a timed
// case. A case that did not run keeps its cell, "skipped: <short reason>", so a backend that
// could not run here (no GPU) shows as a column saying why, not as a missing column.
#pragma once

#include <ostream>
#include <vector>

#include "results/case_result.hpp"

namespace lstmbench::report {

// Writes nothing and returns false when the results have fewer than two backends, or no timed
// case.
bool write_backend_pivot(std::ostream& out, const std::vector<results::CaseResult>& results);

}  // namespace lstmbench::report
