// `lstmbench compare BASE CANDIDATE`: per-case speed-up of a candidate run against a base run,
// with a significance test so that run-to-run noise is not called a regression (the approach of
// Google Benchmark's compare.py and hyperfine's welch_ttest.py). The comparison is data (one
// ComparisonRow per case id); write_comparison renders it as Markdown.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "results/case_result.hpp"
#include "stats/rounds.hpp"
#include "stats/significance.hpp"

namespace lstmbench::report {

struct CompareOptions {
  double threshold = 0.05;  // relative change of the mean epoch time that matters (0.05 = 5%)
  double alpha = 0.05;      // 1 - the intervals' confidence (0.05: 95 % intervals)
  // Judge each case on its own interval alone. By default a case is called faster or slower only
  // when it also changed against the other cases of its run, because a shared machine can be
  // faster or slower as a whole from one run to the next.
  bool assume_stable_machine = false;
};

// Where a case id was found.
enum class Presence { both, base_only, candidate_only };

// The timing verdict of a case present in both runs with timed epochs in both: faster or
// slower beyond the threshold with an interval that excludes no change, the same within the
// threshold, or inconclusive when the interval is too wide to say.
enum class Verdict { faster, slower, same, inconclusive };

// Why a case's own faster or slower verdict became inconclusive between two runs.
enum class Downgrade {
  none,
  moved_with_run,  // its change against the other cases of the run does not say the same
  no_other_case,   // no other case was timed in both runs to compare it with
};

struct ComparisonRow {
  std::string id;           // spec.id
  std::string backend;      // spec.backend
  std::string description;  // describe_case(spec)
  Presence presence = Presence::both;
  results::Status base_status = results::Status::ok;       // meaningful unless candidate_only
  results::Status candidate_status = results::Status::ok;  // meaningful unless base_only
  bool verified = true;  // both sides were compared with the reference

  // Timing, only when `timed`: both runs have at least one timed epoch with a positive mean.
  bool timed = false;
  double base_mean_ms = 0.0;
  double candidate_mean_ms = 0.0;
  double speedup = 0.0;           // base / candidate from round means: > 1 is faster
  double change = 0.0;            // candidate / base - 1: > 0 is slower
  stats::Interval interval;       // speedup with its 1 - alpha interval (unpaired: separate runs)
  stats::LogSpeedup log_speedup;  // what interval was drawn from
  // The case's speed-up divided by the geometric mean of the other timed cases' speed-ups, with
  // its interval: the case's change beyond the run's as a whole. Computed only for a case whose
  // own interval says faster or slower, and not with assume_stable_machine; otherwise value 0.
  stats::Interval relative;
  Downgrade downgrade = Downgrade::none;
  std::string note;     // the downgrade in words, with the relative speed-up; else empty
  int base_rounds = 0;  // round means on each side: the samples
  int candidate_rounds = 0;
  stats::TestResult test;       // Welch's t-test on the round means, for reference
  stats::TestResult rank_test;  // Mann-Whitney U on the round means (compare.py's test)
  Verdict verdict = Verdict::inconclusive;

  // Slower (beyond threshold and, where testable, significant), or ok in base and not ok in
  // candidate: what makes `compare` exit 1.
  bool regression = false;

  bool status_changed() const {
    return presence == Presence::both && base_status != candidate_status;
  }
};

struct Comparison {
  CompareOptions options;
  std::vector<ComparisonRow> rows;  // base order, then cases only in the candidate
  int faster = 0;
  int slower = 0;
  int same = 0;
  int inconclusive = 0;
  int only_in_base = 0;
  int only_in_candidate = 0;
  int status_changes = 0;
  // exp(mean(log speed-up)) over the timed rows: the mean that treats 2x and 0.5x as opposites.
  // NaN when no row is timed.
  double geomean_speedup = 0.0;
  // Cases whose interval alone said faster or slower, made inconclusive (Downgrade).
  int moved_with_run = 0;
  int no_other_case = 0;
  bool has_regression = false;
};

// Matches cases by spec.id (a later line wins where an id repeats within one file, as in merge)
// and compares each pair's timed epochs (epoch_ms after the first spec.warmup_epochs). Unless
// options.assume_stable_machine, a case whose own interval says faster or slower keeps that
// verdict only when its change against the other timed cases (ComparisonRow::relative) says the
// same; otherwise it is inconclusive with a note (one run per side holds no sample of how much
// the machine as a whole changes between runs, so a shift shared by every case cannot be told
// from a change of the code).
// REQUIRES: options.threshold >= 0 and 0 < options.alpha <= 1 (throws lstmbench::Error otherwise).
Comparison compare_results(const std::vector<results::CaseResult>& base,
                           const std::vector<results::CaseResult>& candidate,
                           const CompareOptions& options);

// The comparison as Markdown: the test's settings, one table row per case id, then the summary
// line ("2 faster, 1 slower, 3 same; geometric mean speed-up 1.042x over 6 cases").
void write_comparison(std::ostream& out, const Comparison& comparison);

// "faster", "slower", "same", "inconclusive".
const char* verdict_name(Verdict verdict);

// RETURNS: the verdict for a speed-up interval at a threshold (0.05 = 5 %).
Verdict verdict_of(const stats::Interval& speedup, double threshold);

// The comparison as JSON: one object per row (id, verdict, speed-up and interval, regression).
nlohmann::json comparison_json(const Comparison& comparison);

// The summary line alone (what write_comparison ends with).
std::string comparison_summary(const Comparison& comparison);

}  // namespace lstmbench::report
