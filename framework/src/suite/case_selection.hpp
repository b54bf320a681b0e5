// Which of a suite's cases a run executes: `--backend` (keep only these backends), `--shard K/N`
// (every N-th case, for splitting a suite over CI jobs or cluster array tasks) and `--filter`
// (a regular expression over case names).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "suite/suite.hpp"

namespace lstmbench::suite {

struct Selection {
  std::vector<std::string> backends = {};  // empty: every backend
  std::string shard = {};                  // "K/N", empty: all
  std::string filter = {};                 // ECMAScript regex searched in case_name(); empty: all
};

// RETURNS: {K, N} for "K/N" with 1 <= K <= N and nothing else around it.
// THROWS: Error located at `--shard TEXT` otherwise.
std::pair<int, int> parse_shard(const std::string& text);

// A case's name as people type it in --filter and read in progress lines:
// backend/precision/mode/b<batch>/lr<learning rate>, then each other setting that varies across
// the suite as /name=value, e.g. "onednn/fp32/eager/b256/lr0.001/hidden_size=128".
std::string case_name(const CaseSpec& spec);

// RETURNS: the selected cases, in suite order. Shards split by the case's position in the whole
// suite, so every shard of the same suite and overrides runs a disjoint part and all of them
// together run every case.
// THROWS: Error for a backend no case uses (with a did-you-mean), a malformed shard or filter.
std::vector<CaseSpec> select_cases(const Suite& suite, const Selection& selection);

// For an A/B of two builds of the plugins in one run: each case twice, first as the "baseline"
// build, then as the "candidate" build (CaseSpec::build, shown as the setting `build`), with
// ids of their own. The two copies of a case interleave by round like any other cases.
std::vector<CaseSpec> baseline_and_candidate(const std::vector<CaseSpec>& cases);

}  // namespace lstmbench::suite
