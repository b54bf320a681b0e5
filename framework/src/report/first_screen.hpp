// The first screen of report.md: the answers the tutorial asks for, before any detail. Was the
// GPU used (and if not, why not), the mean ms/epoch pivot, the precision and mode variants with
// their paired speed-ups, and the GPU eligibility checklist. Internal to the report module.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "results/case_result.hpp"

namespace lstmbench::report {

// One line: the GPUs the plugins found (or why none), how many cases ran on which device, and
// the skip reasons of GPU backends' cases that did not run there.
std::string gpu_used_line(const std::vector<results::CaseResult>& results,
                          const nlohmann::json& environment);

// "fp16 vs fp32", "bf16 vs fp32", "graph vs eager": for each, pairs of cases that differ in that
// setting alone, with the paired speed-up and its 95 % interval. Writes nothing for a variant
// the run has no pair of. RETURNS: whether anything was written.
bool write_variant_tables(std::ostream& out, const std::vector<results::CaseResult>& results);

}  // namespace lstmbench::report
