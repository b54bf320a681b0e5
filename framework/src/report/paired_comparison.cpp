#include "report/paired_comparison.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "common/error.hpp"
#include "report/format.hpp"
#include "report/markdown_table.hpp"
#include "suite/case_selection.hpp"

namespace lstmbench::report {
namespace {

using Settings = std::vector<std::pair<std::string, std::string>>;

// The case's varying settings without `setting`, and that setting's value ("" if absent).
std::pair<Settings, std::string> split(const suite::CaseSpec& spec, const std::string& setting) {
  Settings rest;
  std::string value;
  for (const auto& [name, v] : spec.varying) {
    if (name == setting)
      value = v;
    else
      rest.emplace_back(name, v);
  }
  return {rest, value};
}

std::string label_of(const Settings& settings) {
  std::string text;
  for (const auto& [name, value] : settings)
    text += (text.empty() ? "" : ", ") + name + "=" + value;
  return text.empty() ? "all" : text;
}

}  // namespace

PairedComparison compare_within(const std::vector<results::CaseResult>& results,
                                const std::string& setting, const std::string& base_value,
                                double threshold) {
  if (!(threshold >= 0.0))
    throw Error("--threshold", fmt::format("must be >= 0 (0.05 is 5%), got {}", threshold));
  PairedComparison c;
  c.setting = setting;
  c.base_value = base_value;
  c.threshold = threshold;
  std::map<Settings, const results::CaseResult*> bases;
  bool setting_seen = false;
  for (const auto& r : results) {
    auto [rest, value] = split(r.spec, setting);
    setting_seen = setting_seen || !value.empty();
    if (value == base_value) bases[rest] = &r;
  }
  if (!setting_seen)
    throw Error(setting,
                "no case of this run varies this setting (it must be an axis, a "
                "replica or a build)");
  if (bases.empty()) throw Error(setting + "=" + base_value, "no case of this run has this value");
  for (const auto& r : results) {
    auto [rest, value] = split(r.spec, setting);
    if (value == base_value) continue;
    auto base = bases.find(rest);
    if (base == bases.end()) continue;
    PairedRow row;
    const bool backend_varies =
        std::any_of(rest.begin(), rest.end(), [](const auto& s) { return s.first == "backend"; });
    row.label = backend_varies ? label_of(rest) : r.spec.backend + ", " + label_of(rest);
    row.base_value = base_value;
    row.other_value = value;
    row.base = base->second;
    row.other = &r;
    row.speedup =
        stats::paired_speedup(stats::round_means_ms(*base->second), stats::round_means_ms(r));
    row.verdict = verdict_of(row.speedup, threshold);
    const bool lost_ok =
        base->second->status == results::Status::ok && r.status != results::Status::ok;
    row.regression = row.verdict == Verdict::slower || lost_ok;
    switch (row.verdict) {
      case Verdict::faster:
        ++c.faster;
        break;
      case Verdict::slower:
        ++c.slower;
        break;
      case Verdict::same:
        ++c.same;
        break;
      case Verdict::inconclusive:
        ++c.inconclusive;
        break;
    }
    c.has_regression = c.has_regression || row.regression;
    c.rows.push_back(row);
  }
  if (c.rows.empty())
    throw Error(setting + "=" + base_value,
                "no other case differs from these in " + setting + " alone: nothing to compare");
  return c;
}

void write_paired_comparison(std::ostream& out, const PairedComparison& c) {
  const std::string t = general_significant(c.threshold * 100.0, 3);
  out << fmt::format(
      "Each row pairs two cases of this run that differ in `{0}` alone. Speed-up = the "
      "`{0}={1}` case's time / the other's (above 1: the other is faster): the median "
      "of their per-round ratios with its 95 % interval. Verdict: slower or faster when the "
      "change exceeds {2}% and the interval excludes no change, same when the whole interval is "
      "within ±{2}%, else inconclusive.\n\n",
      c.setting, c.base_value, t);
  MarkdownTable table;
  table.add_column("case");
  table.add_column(c.setting);
  table.add_column(c.base_value + " ms/epoch", MarkdownTable::Align::right);
  table.add_column("ms/epoch", MarkdownTable::Align::right);
  table.add_column("speed-up [95 % interval]", MarkdownTable::Align::right);
  table.add_column("verdict");
  for (const PairedRow& row : c.rows) {
    auto mean = [](const results::CaseResult* r) {
      const stats::Interval i = stats::geometric_interval(stats::round_means_ms(*r));
      return i.value > 0 ? fixed_significant(i.value, 4) : std::string(kMissing);
    };
    std::string verdict = verdict_name(row.verdict);
    if (row.verdict == Verdict::slower) verdict = "**" + verdict + "**";
    if (row.regression && row.verdict != Verdict::slower)
      verdict += fmt::format(", **{} → {}**", results::to_string(row.base->status),
                             results::to_string(row.other->status));
    table.add_row({row.label, row.other_value, mean(row.base), mean(row.other),
                   stats::format_speedup(row.speedup), verdict});
  }
  table.write(out);
  out << fmt::format("\n{} faster, {} slower, {} same, {} inconclusive{}\n", c.faster, c.slower,
                     c.same, c.inconclusive, c.has_regression ? ". REGRESSION." : ".");
}

nlohmann::json paired_comparison_json(const PairedComparison& c) {
  nlohmann::json rows = nlohmann::json::array();
  for (const PairedRow& row : c.rows) {
    auto number = [](double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(); };
    rows.push_back({{"case", row.label},
                    {"base_id", row.base->spec.id},
                    {"other_id", row.other->spec.id},
                    {"other_value", row.other_value},
                    {"speedup", number(row.speedup.value)},
                    {"low", number(row.speedup.low)},
                    {"high", number(row.speedup.high)},
                    {"rounds", row.speedup.samples},
                    {"verdict", verdict_name(row.verdict)},
                    {"regression", row.regression}});
  }
  return {{"setting", c.setting},
          {"base", c.base_value},
          {"threshold", c.threshold},
          {"rows", rows},
          {"regression", c.has_regression}};
}

}  // namespace lstmbench::report
