// Comparisons within one run: cases that differ in one setting only (an A/B of two plugin builds,
// identical replicas, a precision or mode, a known extra_work) ran in the same interleaved
// rounds, so their speed-up comes from per-round pairs (stats::paired_speedup), which cancel
// whatever the machine did in each round. Used by `run --baseline-plugin-dir` and
// `compare RUN --within SETTING=BASE`.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "report/comparison.hpp"
#include "results/case_result.hpp"
#include "stats/rounds.hpp"

namespace lstmbench::report {

struct PairedRow {
  std::string label;        // the settings the two cases share, e.g. "backend=reference, b=8"
  std::string base_value;   // the setting's value in the base case
  std::string other_value;  // and in the other case
  const results::CaseResult* base = nullptr;
  const results::CaseResult* other = nullptr;
  stats::Interval speedup;  // base time / other time from per-round pairs: > 1, other faster
  Verdict verdict = Verdict::inconclusive;
  bool regression = false;  // other is confidently slower beyond the threshold, or lost ok
};

struct PairedComparison {
  std::string setting;
  std::string base_value;
  double threshold = 0.05;
  std::vector<PairedRow> rows;
  int faster = 0, slower = 0, same = 0, inconclusive = 0;
  bool has_regression = false;
};

// Pairs every case whose `setting` is base_value with each case that differs from it in that
// setting only. A case whose rounds did not run is listed with an inconclusive verdict.
// THROWS: Error when no case has the setting at that value, or no pair exists.
PairedComparison compare_within(const std::vector<results::CaseResult>& results,
                                const std::string& setting, const std::string& base_value,
                                double threshold);

void write_paired_comparison(std::ostream& out, const PairedComparison& comparison);
nlohmann::json paired_comparison_json(const PairedComparison& comparison);

}  // namespace lstmbench::report
