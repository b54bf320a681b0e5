// report.md. The first screen answers the tutorial's questions in order: what ran (title and
// counts), was the GPU used, mean ms/epoch per backend (the seed pivot, with a place for charts),
// the precision and mode variants, the GPU eligibility checklist. Then the per-case table,
// skipped and failed cases, A/B and measurement details, and the environment last.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "common/json_text.hpp"
#include "report/case_table.hpp"
#include "report/charts_hook.hpp"
#include "report/environment_view.hpp"
#include "report/first_screen.hpp"
#include "report/format.hpp"
#include "report/gpu_eligibility.hpp"
#include "report/markdown_table.hpp"
#include "report/paired_comparison.hpp"
#include "report/pivot_table.hpp"
#include "report/report.hpp"
#include "report/seed_table.hpp"
#include "report/shard_differences.hpp"
#include "stats/case_metrics.hpp"
#include "stats/noise.hpp"
#include "stats/rounds.hpp"
#include "suite/case_selection.hpp"

namespace lstmbench::report {
namespace {

using nlohmann::json;

// Environment keys in the order a reader wants them (run/environment.hpp records them).
// Keys shown as code are copied into terminals and git.
struct EnvironmentKey {
  const char* key;
  const char* label;
  bool code;
};
constexpr EnvironmentKey kEnvironmentKeys[] = {
    {"command", "command", true},
    {"date", "date", false},
    {"git_commit", "git commit", true},
    {"host", "host", false},
    {"machine", "machine", false},
    {"os", "os", false},
    {"cpu", "cpu", false},
    {"cores", "cores", false},
    {"compiler", "compiler", false},
    {"lstmbench", "lstmbench", false},
    {"backend_settings", "backend settings from the environment", true},
};

// A JSON value as a person reads it: strings without quotes, anything else as compact JSON.
std::string plain(const json& value) {
  return value.is_string() ? value.get<std::string>() : json_text(value);
}

// {"a": 1, "b": "x"} -> "a=1; b=x".
std::string key_values(const json& object) {
  if (!object.is_object()) return plain(object);
  std::string text;
  for (const auto& [key, value] : object.items()) {
    if (!text.empty()) text += "; ";
    text += key + "=" + plain(value);
  }
  return text;
}

void write_environment(std::ostream& out, const json& environment) {
  if (!environment.is_object() || environment.empty()) return;
  out << "## Environment\n\n";
  for (const auto& [key, label, code] : kEnvironmentKeys) {
    if (!environment.contains(key) || environment[key].is_null()) continue;
    const json& recorded = environment[key];
    if (recorded.is_object() && recorded.empty()) {  // recorded, and nothing was set
      out << "- **" << label << "**: none\n";
      continue;
    }
    const std::string value = recorded.is_object() ? key_values(recorded) : plain(recorded);
    out << "- **" << label << "**: " << (code ? "`" + value + "`" : value) << '\n';
  }
  // Whatever else the runner recorded, so a new key shows up without a change here.
  for (const auto& item : environment.items()) {
    // A named copy, not a structured binding: clang before 16 cannot capture bindings.
    const std::string& key = item.key();
    const json& value = item.value();
    // The shards' own environments (merge) are compared at the top, not listed here.
    const bool known = key == "plugins" || key == "load_failures" || key == "shards" ||
                       std::any_of(std::begin(kEnvironmentKeys), std::end(kEnvironmentKeys),
                                   [&](auto& k) { return key == k.key; });
    if (!known && !value.is_null())
      out << "- **" << key << "**: " << cap_text(plain(value), kReasonCap, "…") << '\n';
  }
  out << '\n';

  const json plugins = plugins_of(environment);
  const json failures = load_failures_of(environment);
  if (!plugins.empty()) {
    MarkdownTable table;
    for (const char* header : {"plugin", "version", "build", "environment"})
      table.add_column(header);
    for (const auto& plugin : plugins) {
      auto field = [&](const char* name) {
        return plugin.contains(name) ? cap_text(key_values(plugin[name]), kReasonCap, "…")
                                     : std::string(kMissing);
      };
      table.add_row({field("name"), field("version"), field("build_info"), field("environment")});
    }
    out << "### Plugins\n\n";
    table.write(out);
    out << '\n';
  }
  if (!failures.empty()) {
    MarkdownTable table;
    table.add_column("plugin file");
    table.add_column("why it did not load");
    for (const auto& failure : failures)
      table.add_row({plain(failure.value("path", json(""))),
                     cap_text(plain(failure.value("reason", json(""))), kReasonCap, "…")});
    out << "### Plugins that did not load\n\n";
    table.write(out);
    out << '\n';
  }
}

void write_counts(std::ostream& out, const std::vector<results::CaseResult>& results) {
  std::map<results::Status, int> counts;
  for (const auto& r : results) ++counts[r.status];
  std::string text;
  for (const auto& [status, count] : counts) {
    text += fmt::format("{}{} {}", text.empty() ? "" : ", ", count, results::to_string(status));
  }
  out << fmt::format("{} case{}: {}.\n\n", results.size(), results.size() == 1 ? "" : "s",
                     text.empty() ? "none" : text);
}

void write_skipped(std::ostream& out, const std::vector<results::CaseResult>& results) {
  MarkdownTable table;
  for (const char* header : {"backend", "case", "reason"}) table.add_column(header);
  for (const auto& r : results)
    if (r.status == results::Status::skipped)
      table.add_row({r.spec.backend, describe_case(r.spec),
                     r.reason.empty()
                         ? kMissing
                         : cap_text(r.reason, kReasonCap, truncated_note(r.log_path))});
  if (table.empty()) return;
  out << "## Skipped\n\nCases a backend declined, with its reason.\n\n";
  table.write(out);
  out << '\n';
}

void write_failed(std::ostream& out, const std::vector<results::CaseResult>& results) {
  MarkdownTable table;
  for (const char* header : {"backend", "case", "status", "reason"}) table.add_column(header);
  for (const auto& r : results) {
    if (r.status == results::Status::ok || r.status == results::Status::skipped) continue;
    std::string reason = r.reason;
    if (reason.empty() && r.status == results::Status::unverified) reason = r.verification.note;
    if (reason.empty() && r.status == results::Status::diverged && r.diverged_epoch > 0)
      reason = fmt::format("non-finite loss in epoch {}", r.diverged_epoch);
    table.add_row(
        {r.spec.backend, describe_case(r.spec), results::to_string(r.status),
         reason.empty() ? kMissing : cap_text(reason, kReasonCap, truncated_note(r.log_path))});
  }
  if (table.empty()) return;
  out << "## Failed\n\nCases whose status is neither ok nor skipped (the run's exit code is "
         "1).\n\n";
  table.write(out);
  out << '\n';
}

double sum_or_zero(double total, double value) {
  return std::isfinite(value) ? total + value : total;
}

// An A/B of two plugin builds in one run (run --baseline-plugin-dir): the candidate against
// the baseline, case by case.
void write_builds(std::ostream& out, const std::vector<results::CaseResult>& results) {
  const bool ab = std::any_of(results.begin(), results.end(),
                              [](const auto& r) { return r.spec.build == "baseline"; });
  if (!ab) return;
  out << "## A/B: candidate build against baseline build\n\n";
  try {
    write_paired_comparison(out, compare_within(results, "build", "baseline", 0.05));
  } catch (const Error& e) {
    out << "No pair to compare: " << e.message() << "\n";
  }
  out << '\n';
}

// Where the run's time went, over every case, and how far each timing can be trusted.
void write_measurement(std::ostream& out, const std::vector<results::CaseResult>& results) {
  struct Part {
    const char* name;
    double ms = 0.0;
  };
  Part parts[] = {{"timed epochs"}, {"warm-up"},  {"verification"},
                  {"workload"},     {"create()"}, {"process start"}};
  for (const auto& r : results) {
    parts[0].ms = sum_or_zero(parts[0].ms, r.phases.timed_ms);
    parts[1].ms = sum_or_zero(parts[1].ms, r.phases.warmup_ms);
    parts[2].ms = sum_or_zero(parts[2].ms, r.phases.verification_ms);
    parts[3].ms = sum_or_zero(parts[3].ms, r.phases.workload_ms);
    parts[4].ms = sum_or_zero(parts[4].ms, r.phases.create_ms);
    parts[5].ms = sum_or_zero(parts[5].ms, r.phases.spawn_ms);
  }
  double total = 0.0;
  for (const Part& p : parts) total += p.ms;
  MarkdownTable table;
  for (const char* header : {"case", "rounds", "mean ms/epoch [95 % interval]", "round CV", "steal",
                             "other load", "noise"})
    table.add_column(header, std::string(header) == "case" || std::string(header) == "noise"
                                 ? MarkdownTable::Align::left
                                 : MarkdownTable::Align::right);
  for (const auto& r : results) {
    if (stats::case_metrics(r).epoch_ms.count == 0) continue;
    const stats::Interval mean = stats::geometric_interval(stats::round_means_ms(r));
    const stats::NoiseSummary noise = stats::noise_summary(r);
    auto percent = [](double share) {
      return std::isfinite(share) ? fmt::format("{:.1f} %", 100 * share) : std::string(kMissing);
    };
    table.add_row(
        {suite::case_name(r.spec), fmt::format("{}", mean.samples),
         mean.valid() ? fmt::format("{} [{}, {}]", fixed_significant(mean.value, 4),
                                    fixed_significant(mean.low, 4), fixed_significant(mean.high, 4))
                      : fixed_significant(mean.value, 4),
         percent(noise.round_cv), percent(noise.steal), percent(noise.other_cpu),
         noise.noisy ? "**noisy**: " + noise.reason : "ok"});
  }
  if (total <= 0 && table.empty()) return;
  out << "## Measurement\n\n";
  if (total > 0) {
    std::string line = fmt::format("Case time {:.1f} s:", total / 1000.0);
    bool first = true;
    for (const Part& p : parts) {
      if (p.ms <= 0) continue;
      line += fmt::format("{} {:.0f} % {}", first ? "" : ",", 100.0 * p.ms / total, p.name);
      first = false;
    }
    out << line << ".\n\n";
  }
  if (!table.empty()) {
    out << "Each case's timed epochs ran in interleaved rounds (docs/measuring.md); the interval "
           "is over its round means. A case is flagged noisy above 5 % steal, 25 % other load "
           "or a 10 % CV of its round means.\n\n";
    table.write(out);
    out << '\n';
  }
}

}  // namespace

void write_markdown(std::ostream& out, const std::vector<results::CaseResult>& results,
                    const nlohmann::json& environment, const std::string& dir) {
  // First screen.
  const std::string suite = results.empty() ? "" : results.front().spec.suite_name;
  out << "# lstmbench report" << (suite.empty() ? "" : ": " + markdown_cell(suite)) << "\n\n";
  write_counts(out, results);
  out << gpu_used_line(results, environment) << "\n\n";
  write_shard_warning(out, environment);

  std::ostringstream pivot;
  if (write_backend_pivot(pivot, results)) {
    out << "## Mean ms/epoch by backend\n\nSpeed-up = the baseline backend's ms/epoch / this "
           "backend's (above 1: faster): the median of the per-round ratios with its 95 % "
           "interval. A case that did not run says why in its cell.\n\n"
        << pivot.str() << '\n';
  }
  // Charts go here, right under the numbers they draw (charts_hook.hpp).
  write_charts(out, results, dir);

  std::ostringstream variants;
  if (write_variant_tables(variants, results)) {
    out << "## Variants\n\nPairs of cases that differ in precision or mode alone. Speed-up = "
           "the first setting's ms/epoch / the second's (above 1: the variant is faster), from "
           "per-round pairs with its 95 % interval.\n\n"
        << variants.str();
  }
  write_gpu_eligibility(out, results, environment);

  // Details.
  out << "## Results\n\n"
         "Times are wall-clock ms per epoch over the timed epochs (warm-up epochs excluded; the "
         "first epoch is shown on its own); GFLOP/s uses the one FLOP formula of "
         "docs/metrics.md. Every column of every case is in results.csv.\n\n";
  if (results.empty()) {
    out << "No case.\n\n";
  } else {
    write_case_table(out, results);
    out << '\n';
    if (std::any_of(results.begin(), results.end(), [](auto& r) { return ran(r); })) {
      // The wide seed table, collapsed: GitHub renders the Markdown table inside <details>
      // when blank lines surround it.
      out << "<details><summary>All timing columns (the seed table)</summary>\n\n";
      write_seed_table(out, results);
      out << "\n</details>\n\n";
    }
  }
  write_skipped(out, results);
  write_failed(out, results);
  write_builds(out, results);
  write_measurement(out, results);
  write_environment(out, environment);
}

}  // namespace lstmbench::report
