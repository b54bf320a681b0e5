// The GPU eligibility checklist of report.md: for every case of a GPU backend (cuDNN), the
// checks `lstmbench doctor` makes, answered from what the run recorded: did a plugin provide the
// backend, did it find a device, does it support the case's precision and mode, and what came
// of the case. Internal to the report module.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "results/case_result.hpp"

namespace lstmbench::report {

// One check: passed, and what a person reads in its cell ("yes", "no: fp16 not supported").
struct Check {
  bool passed = false;
  std::string text;
};

struct EligibilityRow {
  const results::CaseResult* result = nullptr;
  Check plugin;     // a loaded plugin provides the backend
  Check device;     // the plugin found a GPU
  Check precision;  // the backend lists the case's precision
  Check mode;       // and its mode
  Check outcome;    // ran on the GPU, or the status and reason why not
};

// RETURNS: one row per case whose backend runs on a GPU (by the case's device, else by what its
// plugin declared), in suite order; empty when there is none.
std::vector<EligibilityRow> gpu_eligibility(const std::vector<results::CaseResult>& results,
                                            const nlohmann::json& environment);

// The checklist as a Markdown table. RETURNS: false (and writes nothing) without GPU cases.
bool write_gpu_eligibility(std::ostream& out, const std::vector<results::CaseResult>& results,
                           const nlohmann::json& environment);

}  // namespace lstmbench::report
