#include "report/comparison.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <map>
#include <span>
#include <utility>

#include "common/error.hpp"
#include "report/format.hpp"
#include "report/markdown_table.hpp"
#include "stats/case_metrics.hpp"

namespace lstmbench::report {
namespace {

using Align = MarkdownTable::Align;

// A later result wins where an id repeats (a rerun appended to the same file).
std::map<std::string, const run::CaseResult*> by_id(const std::vector<run::CaseResult>& results) {
  std::map<std::string, const run::CaseResult*> index;
  for (const auto& r : results) index[r.spec.id] = &r;
  return index;
}

ComparisonRow describe(const run::CaseResult& r, Presence presence) {
  ComparisonRow row;
  row.id = r.spec.id;
  row.backend = r.spec.backend;
  row.description = describe_case(r.spec);
  row.presence = presence;
  row.base_status = row.candidate_status = r.status;
  return row;
}

void compare_times(const run::CaseResult& base, const run::CaseResult& candidate,
                   const CompareOptions& options, ComparisonRow& row) {
  const stats::CaseMetrics b = stats::case_metrics(base);
  const stats::CaseMetrics c = stats::case_metrics(candidate);
  if (b.epoch_ms.count == 0 || c.epoch_ms.count == 0) return;
  if (!(b.epoch_ms.mean > 0.0) || !(c.epoch_ms.mean > 0.0)) return;
  row.timed = true;
  row.base_mean_ms = b.epoch_ms.mean;
  row.candidate_mean_ms = c.epoch_ms.mean;
  row.speedup = b.epoch_ms.mean / c.epoch_ms.mean;
  row.change = c.epoch_ms.mean / b.epoch_ms.mean - 1.0;
  row.test = stats::welch_t_test(stats::timed_epochs(base), stats::timed_epochs(candidate));
  row.rank_test = stats::mann_whitney_u(stats::timed_epochs(base), stats::timed_epochs(candidate));
  // Without a valid test (fewer than 2 timed epochs on a side) only the threshold decides.
  const bool significant = !row.test.valid || row.test.p_value < options.alpha;
  if (row.change > options.threshold && significant) {
    row.verdict = Verdict::slower;
  } else if (row.change < -options.threshold && significant) {
    row.verdict = Verdict::faster;
  } else {
    row.verdict = Verdict::same;
  }
}

const char* to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::faster:
      return "faster";
    case Verdict::slower:
      return "slower";
    case Verdict::same:
      return "same";
  }
  return "?";
}

std::string status_cell(const ComparisonRow& row) {
  switch (row.presence) {
    case Presence::base_only:
      return "only in base";
    case Presence::candidate_only:
      return "only in candidate";
    case Presence::both:
      break;
  }
  if (!row.status_changed()) return run::to_string(row.base_status);
  return fmt::format("{} → {}", run::to_string(row.base_status),
                     run::to_string(row.candidate_status));
}

// A case that ran fine in the base and not in the candidate (failed, crashed, skipped, ...).
bool lost_ok(const ComparisonRow& row) {
  return row.status_changed() && row.base_status == run::Status::ok;
}

std::string verdict_cell(const ComparisonRow& row) {
  std::string text = row.timed ? to_string(row.verdict) : kMissing;
  if (row.timed && !row.test.valid) text += " (untested)";
  if (row.timed && row.verdict == Verdict::slower) text = "**" + text + "**";
  if (lost_ok(row)) text = row.timed ? text + ", **status regressed**" : "**status regressed**";
  return text;
}

}  // namespace

Comparison compare_results(const std::vector<run::CaseResult>& base,
                           const std::vector<run::CaseResult>& candidate,
                           const CompareOptions& options) {
  if (!(options.threshold >= 0.0)) {
    throw Error("--threshold", fmt::format("must be >= 0 (0.05 is 5%), got {}", options.threshold));
  }
  if (!(options.alpha > 0.0 && options.alpha <= 1.0)) {
    throw Error("--alpha", fmt::format("must be in (0, 1], got {}", options.alpha));
  }
  Comparison comparison;
  comparison.options = options;
  const auto base_by_id = by_id(base);
  const auto candidate_by_id = by_id(candidate);

  // Rows in base order (each id once, at its last occurrence's result), then candidate-only ids.
  std::map<std::string, bool> seen;
  for (const auto& r : base) {
    if (std::exchange(seen[r.spec.id], true)) continue;
    const run::CaseResult& b = *base_by_id.at(r.spec.id);
    const auto match = candidate_by_id.find(r.spec.id);
    if (match == candidate_by_id.end()) {
      comparison.rows.push_back(describe(b, Presence::base_only));
      continue;
    }
    const run::CaseResult& c = *match->second;
    ComparisonRow row = describe(c, Presence::both);
    row.base_status = b.status;
    compare_times(b, c, options, row);
    comparison.rows.push_back(std::move(row));
  }
  for (const auto& r : candidate) {
    if (std::exchange(seen[r.spec.id], true)) continue;
    comparison.rows.push_back(describe(*candidate_by_id.at(r.spec.id), Presence::candidate_only));
  }

  double log_sum = 0.0;
  int timed = 0;
  for (ComparisonRow& row : comparison.rows) {
    if (row.presence == Presence::base_only) ++comparison.only_in_base;
    if (row.presence == Presence::candidate_only) ++comparison.only_in_candidate;
    if (row.status_changed()) ++comparison.status_changes;
    row.regression = lost_ok(row) || (row.timed && row.verdict == Verdict::slower);
    comparison.has_regression = comparison.has_regression || row.regression;
    if (!row.timed) continue;
    ++timed;
    log_sum += std::log(row.speedup);
    if (!row.test.valid) ++comparison.untested;
    switch (row.verdict) {
      case Verdict::faster:
        ++comparison.faster;
        break;
      case Verdict::slower:
        ++comparison.slower;
        break;
      case Verdict::same:
        ++comparison.same;
        break;
    }
  }
  comparison.geomean_speedup =
      timed > 0 ? std::exp(log_sum / timed) : std::numeric_limits<double>::quiet_NaN();
  return comparison;
}

std::string comparison_summary(const Comparison& c) {
  const int timed = c.faster + c.slower + c.same;
  std::string text = fmt::format("{} faster, {} slower, {} same", c.faster, c.slower, c.same);
  if (timed > 0) {
    text += fmt::format("; geometric mean speed-up {:.3f}x over {} case{}", c.geomean_speedup,
                        timed, timed == 1 ? "" : "s");
  } else {
    text += "; no case has timed epochs in both runs";
  }
  if (c.untested > 0) text += fmt::format("; {} untested (threshold only)", c.untested);
  if (c.only_in_base > 0) text += fmt::format("; {} only in base", c.only_in_base);
  if (c.only_in_candidate > 0) text += fmt::format("; {} only in candidate", c.only_in_candidate);
  if (c.status_changes > 0) {
    text += fmt::format("; {} status change{}", c.status_changes, c.status_changes == 1 ? "" : "s");
  }
  text += c.has_regression ? ". REGRESSION." : ".";
  return text;
}

void write_comparison(std::ostream& out, const Comparison& c) {
  out << fmt::format(
      "Speed-up = base mean / candidate mean over the timed epochs. A case is slower or faster "
      "when its mean changed by more than {}% and Welch's t-test gives p < {} (p (U): the "
      "Mann-Whitney U test, for reference); with fewer than "
      "2 timed epochs on a side the test cannot run (p n/a, \"untested\") and the threshold "
      "alone decides.\n\n",
      general_significant(c.options.threshold * 100.0, 3), c.options.alpha);

  MarkdownTable table;
  table.add_column("backend");
  table.add_column("case");
  table.add_column("base ms/epoch", Align::right);
  table.add_column("candidate ms/epoch", Align::right);
  table.add_column("change", Align::right);
  table.add_column("speed-up", Align::right);
  table.add_column("p", Align::right);
  table.add_column("p (U)", Align::right);
  table.add_column("verdict");
  table.add_column("status");
  for (const ComparisonRow& row : c.rows) {
    const bool t = row.timed;
    table.add_row({row.backend, row.description,
                   t ? fixed_significant(row.base_mean_ms, 4) : kMissing,
                   t ? fixed_significant(row.candidate_mean_ms, 4) : kMissing,
                   t ? fmt::format("{:+.1f}%", row.change * 100.0) : kMissing,
                   t ? fmt::format("{:.3f}x", row.speedup) : kMissing,
                   !t               ? kMissing
                   : row.test.valid ? general_significant(row.test.p_value, 2)
                                    : "n/a",
                   !t                    ? kMissing
                   : row.rank_test.valid ? general_significant(row.rank_test.p_value, 2)
                                         : "n/a",
                   verdict_cell(row), status_cell(row)});
  }
  table.write(out);
  out << '\n' << comparison_summary(c) << '\n';
}

}  // namespace lstmbench::report
