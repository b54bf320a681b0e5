// CaseSpec and CaseResult as JSON: the line format of results.jsonl (one finished case per
// line, appended and flushed as it finishes) and of the child -> parent result message.
// Reading is strict about types but tolerant of missing keys (older files keep loading).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "results/case_result.hpp"
#include "suite/case_spec.hpp"

namespace lstmbench::results {

nlohmann::json spec_to_json(const suite::CaseSpec& spec);
suite::CaseSpec spec_from_json(const nlohmann::json& j);

nlohmann::json verification_to_json(const Verification& verification);
Verification verification_from_json(const nlohmann::json& j);

nlohmann::json result_to_json(const CaseResult& result);
CaseResult result_from_json(const nlohmann::json& j);

}  // namespace lstmbench::results
