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
#include "stats/rounds.hpp"

namespace lstmbench::report {
namespace {

using Align = MarkdownTable::Align;

// A later result wins where an id repeats (a rerun appended to the same file).
std::map<std::string, const results::CaseResult*> by_id(
    const std::vector<results::CaseResult>& results) {
  std::map<std::string, const results::CaseResult*> index;
  for (const auto& r : results) index[r.spec.id] = &r;
  return index;
}

ComparisonRow describe(const results::CaseResult& r, Presence presence) {
  ComparisonRow row;
  row.id = r.spec.id;
  row.backend = r.spec.backend;
  row.description = describe_case(r.spec);
  row.presence = presence;
  row.base_status = row.candidate_status = r.status;
  row.verified = r.verification.ran;
  return row;
}

void compare_times(const results::CaseResult& base, const results::CaseResult& candidate,
                   const CompareOptions& options, ComparisonRow& row) {
  const stats::CaseMetrics b = stats::case_metrics(base);
  const stats::CaseMetrics c = stats::case_metrics(candidate);
  if (b.epoch_ms.count == 0 || c.epoch_ms.count == 0) return;
  if (!(b.epoch_ms.mean > 0.0) || !(c.epoch_ms.mean > 0.0)) return;
  row.timed = true;
  row.base_mean_ms = b.epoch_ms.mean;
  row.candidate_mean_ms = c.epoch_ms.mean;
  // Samples are round means, never epochs: epochs of one run share its machine's phase, so
  // treating them as independent finds "significant" differences between identical runs.
  const std::vector<double> base_rounds = stats::round_means_ms(base);
  const std::vector<double> candidate_rounds = stats::round_means_ms(candidate);
  row.base_rounds = static_cast<int>(base_rounds.size());
  row.candidate_rounds = static_cast<int>(candidate_rounds.size());
  // Two separate runs share no rounds: an unpaired (Welch) interval on log round means.
  row.log_speedup = stats::unpaired_log_speedup(base_rounds, candidate_rounds);
  row.interval = stats::speedup_interval(row.log_speedup, 1.0 - options.alpha);
  row.speedup = row.interval.value;
  row.change = 1.0 / row.speedup - 1.0;
  row.test = stats::welch_t_test(base_rounds, candidate_rounds);
  row.rank_test = stats::mann_whitney_u(base_rounds, candidate_rounds);
  row.verdict = verdict_of(row.interval, options.threshold);
}

// A shared machine can be faster or slower as a whole from one run to the next, and one run per
// side holds no sample of that. What the two runs do show is whether a case moved against the
// other cases of its run: its log speed-up minus the mean of theirs. The interval of that
// difference takes the cases' estimates as independent (variance v_i + sum v_j / m^2 over the m
// others, Welch-Satterthwaite degrees of freedom). Cases of one run share its rounds, so their
// round means are positively correlated and the true variance is smaller: the interval is
// conservative, which errs toward "inconclusive", never toward a false alarm. A case keeps a
// faster or slower verdict only when that relative change says the same.
void judge_against_run(std::vector<ComparisonRow>& rows, const CompareOptions& options) {
  if (options.assume_stable_machine) return;
  // The reference: cases ok on both sides with an interval. A case that failed or crashed in one
  // run has epochs that say nothing about the machine.
  std::vector<const ComparisonRow*> reference;
  for (const ComparisonRow& row : rows)
    if (row.timed && row.log_speedup.has_variance() && !row.status_changed() &&
        row.base_status == results::Status::ok)
      reference.push_back(&row);
  for (ComparisonRow& row : rows) {
    if (!row.timed) continue;
    if (row.verdict != Verdict::faster && row.verdict != Verdict::slower) continue;
    std::vector<stats::LogSpeedup> terms = {row.log_speedup};
    for (const ComparisonRow* other : reference)
      if (other != &row) terms.push_back(other->log_speedup);
    if (terms.size() == 1) {
      row.verdict = Verdict::inconclusive;
      row.downgrade = Downgrade::no_other_case;
      row.note = "no other timed case to tell a change of the machine by";
      continue;
    }
    const double others = static_cast<double>(terms.size() - 1);
    std::vector<double> weights(terms.size(), -1.0 / others);
    weights[0] = 1.0;
    row.relative =
        stats::speedup_interval(stats::weighted_sum(terms, weights), 1.0 - options.alpha);
    const Verdict relative = verdict_of(row.relative, options.threshold);
    if (relative == row.verdict) continue;
    const bool opposite = relative == Verdict::faster || relative == Verdict::slower;
    row.verdict = Verdict::inconclusive;
    row.downgrade = Downgrade::moved_with_run;
    row.note = fmt::format("{}: {} against the other cases",
                           opposite ? "the other cases moved more" : "moved with the run",
                           stats::format_speedup(row.relative));
  }
}

}  // namespace

const char* verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::faster:
      return "faster";
    case Verdict::slower:
      return "slower";
    case Verdict::same:
      return "same";
    case Verdict::inconclusive:
      return "inconclusive";
  }
  return "?";
}

namespace {

std::string status_cell(const ComparisonRow& row) {
  switch (row.presence) {
    case Presence::base_only:
      return "only in base";
    case Presence::candidate_only:
      return "only in candidate";
    case Presence::both:
      break;
  }
  if (!row.status_changed())
    return std::string(results::to_string(row.base_status)) +
           (row.base_status == results::Status::ok && !row.verified ? ", not verified" : "");
  return fmt::format("{} → {}", results::to_string(row.base_status),
                     results::to_string(row.candidate_status));
}

// A case that ran fine in the base and not in the candidate (failed, crashed, skipped, ...).
bool lost_ok(const ComparisonRow& row) {
  return row.status_changed() && row.base_status == results::Status::ok;
}

std::string verdict_cell(const ComparisonRow& row) {
  std::string text = row.timed ? verdict_name(row.verdict) : kMissing;
  if (!row.note.empty()) text += " (" + row.note + ")";
  if (row.timed && row.verdict == Verdict::slower) text = "**" + text + "**";
  if (lost_ok(row)) text = row.timed ? text + ", **status regressed**" : "**status regressed**";
  return text;
}

}  // namespace

Comparison compare_results(const std::vector<results::CaseResult>& base,
                           const std::vector<results::CaseResult>& candidate,
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
    const results::CaseResult& b = *base_by_id.at(r.spec.id);
    const auto match = candidate_by_id.find(r.spec.id);
    if (match == candidate_by_id.end()) {
      comparison.rows.push_back(describe(b, Presence::base_only));
      continue;
    }
    const results::CaseResult& c = *match->second;
    ComparisonRow row = describe(c, Presence::both);
    row.base_status = b.status;
    row.verified = b.verification.ran && c.verification.ran;
    compare_times(b, c, options, row);
    comparison.rows.push_back(std::move(row));
  }
  for (const auto& r : candidate) {
    if (std::exchange(seen[r.spec.id], true)) continue;
    comparison.rows.push_back(describe(*candidate_by_id.at(r.spec.id), Presence::candidate_only));
  }
  judge_against_run(comparison.rows, options);

  double log_sum = 0.0;
  int timed = 0;
  for (ComparisonRow& row : comparison.rows) {
    if (row.presence == Presence::base_only) ++comparison.only_in_base;
    if (row.presence == Presence::candidate_only) ++comparison.only_in_candidate;
    if (row.status_changed()) ++comparison.status_changes;
    if (row.downgrade == Downgrade::moved_with_run) ++comparison.moved_with_run;
    if (row.downgrade == Downgrade::no_other_case) ++comparison.no_other_case;
    row.regression = lost_ok(row) || (row.timed && row.verdict == Verdict::slower);
    comparison.has_regression = comparison.has_regression || row.regression;
    if (!row.timed) continue;
    ++timed;
    log_sum += std::log(row.speedup);
    switch (row.verdict) {
      case Verdict::inconclusive:
        ++comparison.inconclusive;
        break;
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
  const int timed = c.faster + c.slower + c.same + c.inconclusive;
  std::string text = fmt::format("{} faster, {} slower, {} same, {} inconclusive", c.faster,
                                 c.slower, c.same, c.inconclusive);
  if (timed > 0) {
    text += fmt::format("; geometric mean speed-up {:.3f}x over {} case{}", c.geomean_speedup,
                        timed, timed == 1 ? "" : "s");
  } else {
    text += "; no case has timed epochs in both runs";
  }
  if (c.only_in_base > 0) text += fmt::format("; {} only in base", c.only_in_base);
  if (c.only_in_candidate > 0) text += fmt::format("; {} only in candidate", c.only_in_candidate);
  if (c.moved_with_run > 0) {
    text += fmt::format(
        "; {} inconclusive only because {} with the whole run (separate runs cannot tell a "
        "slower machine from slower code: gate on an A/B run, or pass --assume-stable-machine)",
        c.moved_with_run, c.moved_with_run == 1 ? "it moved" : "they moved");
  }
  if (c.no_other_case > 0) {
    text += fmt::format(
        "; {} inconclusive only because no other case was timed in both runs to tell a change "
        "of the machine by (gate on an A/B run, or pass --assume-stable-machine)",
        c.no_other_case);
  }
  if (c.status_changes > 0) {
    text += fmt::format("; {} status change{}", c.status_changes, c.status_changes == 1 ? "" : "s");
  }
  text += c.has_regression ? ". REGRESSION." : ".";
  return text;
}

void write_comparison(std::ostream& out, const Comparison& c) {
  const std::string t = general_significant(c.options.threshold * 100.0, 3);
  out << fmt::format(
      "Samples are round means (each run's rounds interleave its cases; see docs/measuring.md), "
      "never single epochs. Speed-up = base time / candidate time, the ratio of the geometric "
      "means of the round means, with its {ci}% interval (Welch, on logarithms). A case is "
      "**slower** when the candidate is more than {t}% slower and the interval excludes no "
      "change, **faster** likewise, **same** when the whole interval is within ±{t}%, and "
      "**inconclusive** when the interval is too wide to tell: more rounds (`--set rounds=N`) "
      "narrow it. {machine}Only a slower case fails the comparison. p: Welch's t-test and the "
      "Mann-Whitney U test (as Google Benchmark's compare.py) on the same round means, for "
      "reference; the verdict uses the interval.\n\n",
      fmt::arg("t", t), fmt::arg("ci", general_significant(100.0 * (1.0 - c.options.alpha), 3)),
      fmt::arg("machine",
               c.options.assume_stable_machine
                   ? "The machine is assumed not to have changed between the runs "
                     "(`--assume-stable-machine`). "
                   : "Faster or slower also needs the case to have changed against the other "
                     "cases of its run: a shift every case shares may be the machine's, and is "
                     "inconclusive. "));

  MarkdownTable table;
  table.add_column("backend");
  table.add_column("case");
  table.add_column("base ms/epoch", Align::right);
  table.add_column("candidate ms/epoch", Align::right);
  table.add_column("change", Align::right);
  table.add_column("speed-up [interval]", Align::right);
  table.add_column("rounds", Align::right);
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
                   t ? stats::format_speedup(row.interval) : kMissing,
                   t ? fmt::format("{}/{}", row.base_rounds, row.candidate_rounds) : kMissing,
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

nlohmann::json comparison_json(const Comparison& c) {
  auto number = [](double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(); };
  nlohmann::json rows = nlohmann::json::array();
  for (const ComparisonRow& row : c.rows) {
    // Only cases whose verdict needed it have a relative speed-up.
    const bool relative = row.relative.value > 0;  // Interval{} has value 0
    auto relative_number = [&](double x) { return relative ? number(x) : nlohmann::json(); };
    rows.push_back({{"id", row.id},
                    {"case", row.backend + ", " + row.description},
                    {"timed", row.timed},
                    {"speedup", number(row.speedup)},
                    {"low", number(row.interval.low)},
                    {"high", number(row.interval.high)},
                    {"verdict", row.timed ? verdict_name(row.verdict) : "untimed"},
                    {"relative_speedup", relative_number(row.relative.value)},
                    {"relative_low", relative_number(row.relative.low)},
                    {"relative_high", relative_number(row.relative.high)},
                    {"note", row.note},
                    {"regression", row.regression}});
  }
  return {{"threshold", c.options.threshold},
          {"assume_stable_machine", c.options.assume_stable_machine},
          {"rows", rows},
          {"regression", c.has_regression}};
}

Verdict verdict_of(const stats::Interval& speedup, double threshold) {
  // In terms of the candidate's time relative to the base: ratio = 1 / speed-up.
  if (!speedup.valid()) return Verdict::inconclusive;
  const double ratio = 1.0 / speedup.value;
  const double ratio_low = 1.0 / speedup.high;
  const double ratio_high = 1.0 / speedup.low;
  const double limit = 1.0 + threshold;
  if (ratio > limit && ratio_low > 1.0) return Verdict::slower;
  if (ratio < 1.0 / limit && ratio_high < 1.0) return Verdict::faster;
  if (ratio_low >= 1.0 / limit && ratio_high <= limit) return Verdict::same;
  return Verdict::inconclusive;
}

}  // namespace lstmbench::report
