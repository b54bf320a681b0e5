// "The later line wins": how results of the same case from reruns, resumed runs and shards are
// combined. One rule for `--resume`, `merge` and `compare`.
#pragma once

#include <string>
#include <vector>

#include "results/case_result.hpp"

namespace lstmbench::results {

// RETURNS: one result per case id, the last one given for it, ordered by the case's position
// in its suite (spec.index), ties in the order given.
std::vector<CaseResult> latest_per_case(std::vector<CaseResult> results);

// Reads results files in order (later files win per case) and merges them.
// THROWS: Error naming a file that cannot be read or a line that is not a result.
std::vector<CaseResult> merge_results_files(const std::vector<std::string>& files);

}  // namespace lstmbench::results
