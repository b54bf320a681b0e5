#include "report/pivot_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include "report/format.hpp"
#include "report/markdown_table.hpp"
#include "report/seed_table.hpp"
#include "stats/case_metrics.hpp"
#include "stats/rounds.hpp"

namespace lstmbench::report {
namespace {

using Settings = std::vector<std::pair<std::string, std::string>>;

// A pivot cell of a case that did not run says why in a few words; the Skipped and Failed
// sections have the whole reason.
constexpr std::size_t kPivotReason = 60;

// Settings that follow the backend: each backend has one value of them across all results
// (e.g. `epochs` zipped with `backend` to give a slow reference a short run). They describe the
// backend's column, not a row, so the rows leave them out and the backends line up.
std::vector<std::string> backend_bound_settings(const std::vector<results::CaseResult>& results) {
  std::map<std::string, std::map<std::string, std::string>> seen;  // name -> backend -> value
  std::map<std::string, bool> bound;
  for (const auto& r : results)
    for (const auto& [name, value] : r.spec.varying) {
      if (name == "backend") continue;
      auto [it, inserted] = seen[name].emplace(r.spec.backend, value);
      if (bound.emplace(name, true).first->second && !inserted && it->second != value)
        bound[name] = false;
    }
  std::vector<std::string> names;
  for (const auto& [name, is_bound] : bound)
    if (is_bound && seen[name].size() > 1) names.push_back(name);
  return names;
}

Settings row_settings(const suite::CaseSpec& spec, const std::vector<std::string>& bound) {
  Settings settings;
  for (const auto& setting : spec.varying)
    if (setting.first != "backend" &&
        std::find(bound.begin(), bound.end(), setting.first) == bound.end())
      settings.push_back(setting);
  return settings;
}

template <typename T>
std::size_t index_of(std::vector<T>& items, const T& item) {
  const auto it = std::find(items.begin(), items.end(), item);
  if (it != items.end()) return static_cast<std::size_t>(it - items.begin());
  items.push_back(item);
  return items.size() - 1;
}

}  // namespace

bool write_backend_pivot(std::ostream& out, const std::vector<results::CaseResult>& results) {
  std::vector<std::string> backends;           // in order of first appearance
  std::map<std::string, std::string> devices;  // backend -> device, for the column header
  std::vector<Settings> rows;
  std::map<std::pair<std::size_t, std::size_t>, double> mean_ms;  // (row, backend) -> mean
  std::map<std::pair<std::size_t, std::size_t>, std::vector<double>> rounds_ms;
  // A case that did not run keeps its column and says why (a skipped GPU column is an answer).
  std::map<std::pair<std::size_t, std::size_t>, std::string> not_run;
  const std::vector<std::string> bound = backend_bound_settings(results);
  for (const auto& r : results) {
    const std::size_t row = index_of(rows, row_settings(r.spec, bound));
    const std::size_t column = index_of(backends, r.spec.backend);
    if (!r.device.empty()) devices.emplace(r.spec.backend, r.device);
    const stats::CaseMetrics m = stats::case_metrics(r);
    if (ran(r) && m.epoch_ms.count > 0) {
      mean_ms.emplace(std::make_pair(row, column), m.epoch_ms.mean);  // first case wins
      rounds_ms.emplace(std::make_pair(row, column), stats::round_means_ms(r));
    } else if (!ran(r)) {
      std::string cell = results::to_string(r.status);
      if (!r.reason.empty()) cell += ": " + cap_text(r.reason, kPivotReason, "…");
      not_run.emplace(std::make_pair(row, column), cell);
    }
  }
  if (backends.size() < 2) return false;
  // The baseline of the speed-ups: the first backend with a timed case.
  std::size_t baseline = backends.size();
  std::vector<bool> timed(backends.size(), false);
  for (const auto& [key, ms] : mean_ms) timed[key.second] = true;
  for (std::size_t b = 0; b < backends.size() && baseline == backends.size(); ++b)
    if (timed[b]) baseline = b;
  if (baseline == backends.size()) return false;  // nothing ran: the tables below say why

  // Row labels: one column per setting that varies besides the backend; "case" when none does.
  std::vector<std::string> label_names;
  for (const auto& settings : rows)
    for (const auto& setting : settings) index_of(label_names, setting.first);

  MarkdownTable table;
  if (label_names.empty()) table.add_column("case");
  for (const auto& name : label_names) table.add_column(name, MarkdownTable::Align::right);
  for (const auto& backend : backends) {
    const auto device = devices.find(backend);
    table.add_column(
        backend + (device == devices.end() ? "" : " (" + device->second + ")") + " ms/epoch",
        MarkdownTable::Align::right);
  }
  for (std::size_t b = 0; b < backends.size(); ++b)
    if (b != baseline && timed[b])
      table.add_column(backends[b] + " vs " + backends[baseline], MarkdownTable::Align::right);

  for (std::size_t row = 0; row < rows.size(); ++row) {
    std::vector<std::string> cells;
    if (label_names.empty()) cells.push_back("all");
    for (const auto& name : label_names) {
      std::string cell = kMissing;
      for (const auto& [key, value] : rows[row])
        if (key == name) cell = value;
      cells.push_back(cell);
    }
    auto mean = [&](std::size_t b) {
      const auto it = mean_ms.find({row, b});
      return it == mean_ms.end() ? -1.0 : it->second;
    };
    for (std::size_t b = 0; b < backends.size(); ++b) {
      const auto why = not_run.find({row, b});
      cells.push_back(mean(b) > 0            ? format_ms(mean(b))
                      : why != not_run.end() ? why->second
                                             : std::string(kMissing));
    }
    for (std::size_t b = 0; b < backends.size(); ++b) {
      if (b == baseline || !timed[b]) continue;
      // Speed-up = baseline time / this time, above 1 means faster than the baseline: from the
      // per-round pairs (both cases ran in the same rounds), with its 95 % interval.
      cells.push_back(mean(baseline) > 0 && mean(b) > 0
                          ? stats::format_speedup(stats::paired_speedup(
                                rounds_ms.at({row, baseline}), rounds_ms.at({row, b})))
                          : kMissing);
    }
    table.add_row(std::move(cells));
  }
  table.write(out);
  return true;
}

}  // namespace lstmbench::report
