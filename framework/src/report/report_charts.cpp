#include "report/report_charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "charts/charts.hpp"
#include "results/run_folder.hpp"
#include "stats/case_metrics.hpp"
#include "stats/rounds.hpp"

namespace lstmbench::report {
namespace {

bool timed(const results::CaseResult& r) { return stats::case_metrics(r).epoch_ms.count > 0; }

// A configuration: every varying setting but the backend, as "batch_size 32 · lr 0.001".
std::string group_of(const suite::CaseSpec& spec) {
  std::string text;
  for (const auto& [name, value] : spec.varying) {
    if (name == "backend") continue;
    const std::string shown = name == "learning_rate" ? "lr"
                              : name == "batch_size"  ? "batch"
                                                      : name;
    text += (text.empty() ? "" : " · ") + shown + " " + value;
  }
  return text.empty() ? "all cases" : text;
}

std::string series_of(const results::CaseResult& r) {
  return r.device.empty() ? r.spec.backend : r.spec.backend + " (" + r.device + ")";
}

// A case in the charts that draw one line or row per case.
std::string case_label(const results::CaseResult& r) {
  return series_of(r) + " · " + group_of(r.spec);
}

template <class T>
std::size_t index_of(std::vector<T>& items, const T& item) {
  auto it = std::find(items.begin(), items.end(), item);
  if (it != items.end()) return static_cast<std::size_t>(it - items.begin());
  items.push_back(item);
  return items.size() - 1;
}

}  // namespace

std::vector<ChartFile> draw_charts(const std::string& dir,
                                   const std::vector<results::CaseResult>& results) {
  std::vector<const results::CaseResult*> ran;
  for (const auto& r : results)
    if (timed(r)) ran.push_back(&r);
  if (ran.empty()) return {};
  const std::filesystem::path folder(dir);
  std::vector<ChartFile> files;
  auto save = [&](const std::string& name, const charts::Svg& svg, const std::string& alt) {
    results::write_file_atomically((folder / name).string(), svg.text);
    files.push_back({.file = name, .alt = alt, .note = ""});
  };

  // (a) ms/epoch by configuration, a bar per backend and device. Skipped cases leave a gap.
  charts::GroupedBarChart bars{.labels = {.title = "Time per epoch by configuration",
                                          .x_label = "configuration",
                                          .y_label = "mean time per epoch (ms)"}};
  std::vector<std::string> series_names;
  for (const auto& r : results) {
    const std::size_t g = index_of(bars.groups, group_of(r.spec));
    const std::size_t s = index_of(series_names, series_of(r));
    if (bars.series.size() <= s) bars.series.resize(s + 1);
    bars.series[s].name = series_names[s];
    auto& values = bars.series[s].values;
    if (values.size() <= g) values.resize(g + 1, charts::kMissing);
    if (timed(r)) values[g] = stats::case_metrics(r).epoch_ms.mean;
  }
  save("chart-time.svg", charts::grouped_bar_chart(bars),
       "mean ms per epoch by configuration, a bar per backend");

  // (b) speed-ups of every backend against the first one, configuration by configuration, from
  // per-round pairs with their 95 % intervals.
  std::map<std::pair<std::string, std::string>, const results::CaseResult*> by_cell;
  std::vector<std::string> backends;
  for (const auto* r : ran) {
    by_cell.emplace(std::make_pair(group_of(r->spec), r->spec.backend), r);
    index_of(backends, r->spec.backend);
  }
  if (backends.size() > 1) {
    charts::SpeedupChart speedups{
        .labels = {.title = fmt::format("Speed-up against {} (95 % intervals)", backends[0]),
                   .x_label = fmt::format("{} time / backend's time (×)", backends[0]),
                   .y_label = ""}};
    for (const auto& group : bars.groups) {
      auto base = by_cell.find({group, backends[0]});
      if (base == by_cell.end()) continue;
      for (std::size_t b = 1; b < backends.size(); ++b) {
        auto other = by_cell.find({group, backends[b]});
        if (other == by_cell.end()) continue;
        const stats::Interval i = stats::paired_speedup(stats::round_means_ms(*base->second),
                                                        stats::round_means_ms(*other->second));
        speedups.rows.push_back({backends[b] + " · " + group, i.value, i.low, i.high});
      }
    }
    if (!speedups.rows.empty())
      save("chart-speedup.svg", charts::speedup_chart(speedups),
           "speed-up of each backend against the first, with 95 % intervals");
  }

  // (c) training loss per epoch, with the validation loss after the last epoch. A case cut short
  // (timeout, crash, divergence) keeps the epochs it finished: its curve shows how far it got.
  charts::LossChart losses{.labels = {.title = "Training loss per epoch (dashed: validation)",
                                      .x_label = "epoch",
                                      .y_label = "mean squared error"}};
  for (const auto* r : ran) {
    charts::LossSeries series{.name = case_label(*r), .training = r->train_loss, .validation = {}};
    if (std::isfinite(r->val_loss) && !r->train_loss.empty()) {
      series.validation.assign(r->train_loss.size(), charts::kMissing);
      series.validation.back() = r->val_loss;
    }
    losses.series.push_back(std::move(series));
  }
  save("chart-loss.svg", charts::loss_chart(losses),
       "training loss per epoch for every case with timed epochs, validation loss after the last "
       "epoch");

  // (d) time to the suite's target loss, where it sets one.
  if (const double target = ran.front()->spec.target_loss; target > 0.0) {
    const std::string shown = fmt::format("{}", target);
    charts::TimeToTargetChart chart{
        .labels = {.title = fmt::format("Time to training loss ≤ {}", shown),
                   .x_label = "time of timed epochs (s)",
                   .y_label = ""}};
    std::string not_reached;
    for (const auto* r : ran) {
      const double ms = stats::case_metrics(*r).time_to_target_ms;
      chart.series.push_back({.name = case_label(*r), .value = ms / 1000.0});
      if (!std::isfinite(ms)) not_reached += (not_reached.empty() ? "" : ", ") + case_label(*r);
    }
    save("chart-time-to-target.svg", charts::time_to_target_chart(chart),
         fmt::format("time of timed epochs until the training loss first reached {}", shown));
    if (!not_reached.empty())
      files.back().note =
          fmt::format("Not reached (training loss never ≤ {}): {}.", shown, not_reached);
  }
  return files;
}

}  // namespace lstmbench::report
