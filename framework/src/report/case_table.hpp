// The per-case table of report.md: every case, one row, at most 12 columns so that it fits a
// GitHub page without scrolling. The wide seed table (20 columns) follows it in a collapsed
// <details> block, and results.csv has every column. Internal to the report module.
#pragma once

#include <ostream>
#include <vector>

#include "results/case_result.hpp"

namespace lstmbench::report {

// REQUIRES: results not empty.
void write_case_table(std::ostream& out, const std::vector<results::CaseResult>& results);

}  // namespace lstmbench::report
