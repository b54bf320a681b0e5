// results.csv: one tidy row per case (docs/report-columns.md). A setting's column comes from the
// setting table (suite/setting.cpp); every other column is defined once below: its stable name and
// how its value is spelled.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <iterator>
#include <ostream>
#include <string>
#include <vector>

#include "report/format.hpp"
#include "report/report.hpp"
#include "stats/case_metrics.hpp"
#include "suite/setting.hpp"

namespace lstmbench::report {
namespace {

using results::CaseResult;
using stats::CaseMetrics;

struct Column {
  std::string name;
  std::function<std::string(const CaseResult&, const CaseMetrics&)> value;
};

std::string integer(long long value) { return fmt::format("{}", value); }

// Free text a plugin controls, bounded so one runaway message cannot bloat the CSV.
std::string capped(const std::string& text, const results::CaseResult& r) {
  return cap_text(text, kDataTextCap, truncated_note(r.log_path));
}

// A metric of the timed epochs: empty when there were none (never a misleading 0).
std::string timed(const CaseMetrics& m, double value) {
  return m.epoch_ms.count > 0 ? csv_number(value) : "";
}

// Verification columns other than `verified` are empty when it did not run.
std::string verify_number(const CaseResult& r, double value) {
  return r.verification.ran ? csv_number(value) : "";
}

// A value that is NaN where it does not exist (no ceiling, target not reached): empty then.
std::string finite(double value) { return std::isfinite(value) ? csv_number(value) : ""; }

bool trained(const CaseResult& r) { return !r.epoch_ms.empty() || !r.train_loss.empty(); }

// What the case is: the settings with a column (suite::settings(), csv_column and csv_rank) and
// these, placed among them by rank: the id and index after the suite, what ran the case after
// its backend, the options after every setting.
std::vector<Column> case_columns() {
  std::vector<std::pair<int, Column>> ranked = {
      {1, {"case_id", [](auto& r, auto&) { return r.spec.id; }}},
      {2, {"index", [](auto& r, auto&) { return integer(r.spec.index); }}},
      {4, {"device", [](auto& r, auto&) { return r.device; }}},
      {5, {"plugin", [](auto& r, auto&) { return r.plugin; }}},
      {23, {"options", [](auto& r, auto&) { return options_text(r.spec); }}},
  };
  for (const suite::SettingDef& def : suite::settings()) {
    if (def.csv_column.empty()) continue;
    ranked.push_back(
        {def.csv_rank, {def.csv_column, [&def](const CaseResult& r, const CaseMetrics&) {
                          return suite::setting_text(def, r.spec);
                        }}});
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Column> out;
  for (auto& [rank, column] : ranked) out.push_back(std::move(column));
  return out;
}

const std::vector<Column>& columns() {
  static const std::vector<Column> kColumns = [] {
    std::vector<Column> all = case_columns();
    std::vector<Column> rest = {
        // How it went.
        {"status", [](auto& r, auto&) { return std::string(results::to_string(r.status)); }},
        {"reason", [](auto& r, auto&) { return capped(r.reason, r); }},
        {"verified",
         [](auto& r, auto&) {
           return std::string(!r.verification.ran     ? "not_run"
                              : r.verification.passed ? "yes"
                                                      : "no");
         }},
        {"verify_steps",
         [](auto& r, auto&) { return r.verification.ran ? integer(r.verification.steps) : ""; }},
        {"verify_max_rel_err_loss",
         [](auto& r, auto&) { return verify_number(r, r.verification.max_rel_error_loss); }},
        {"verify_weight_update_err",
         [](auto& r, auto&) { return verify_number(r, r.verification.weight_update_error); }},
        {"verify_tolerance",
         [](auto& r, auto&) { return verify_number(r, r.verification.tolerance); }},
        {"verify_note", [](auto& r, auto&) { return capped(r.verification.note, r); }},
        // Metrics (stats::case_metrics, docs/metrics.md).
        {"steps_per_epoch",
         [](auto& r, auto&) { return trained(r) ? integer(r.steps_per_epoch) : ""; }},
        {"timed_epochs",
         [](auto&, auto& m) { return integer(static_cast<long long>(m.epoch_ms.count)); }},
        {"epoch_ms_mean", [](auto&, auto& m) { return timed(m, m.epoch_ms.mean); }},
        {"epoch_ms_median", [](auto&, auto& m) { return timed(m, m.epoch_ms.median); }},
        {"epoch_ms_min", [](auto&, auto& m) { return timed(m, m.epoch_ms.min); }},
        {"epoch_ms_max", [](auto&, auto& m) { return timed(m, m.epoch_ms.max); }},
        {"epoch_ms_std", [](auto&, auto& m) { return timed(m, m.epoch_ms.stddev); }},
        {"epoch_ms_p95", [](auto&, auto& m) { return timed(m, m.epoch_ms.p95); }},
        {"first_epoch_ms",
         [](auto& r, auto& m) { return r.epoch_ms.empty() ? "" : csv_number(m.first_epoch_ms); }},
        {"samples_per_s", [](auto&, auto& m) { return timed(m, m.samples_per_s); }},
        {"gflops", [](auto&, auto& m) { return timed(m, m.gflops); }},
        {"first_train_loss",
         [](auto& r, auto& m) {
           return r.train_loss.empty() ? "" : csv_number(m.first_train_loss);
         }},
        {"final_train_loss",
         [](auto& r, auto& m) {
           return r.train_loss.empty() ? "" : csv_number(m.final_train_loss);
         }},
        {"val_loss", [](auto& r, auto&) { return trained(r) ? csv_number(r.val_loss) : ""; }},
        {"diverged_epoch",
         [](auto& r, auto&) { return r.diverged_epoch > 0 ? integer(r.diverged_epoch) : ""; }},
        {"skipped_steps",
         [](auto& r, auto&) { return trained(r) ? integer(r.skipped_steps) : ""; }},
        {"device_bytes",
         [](auto& r, auto&) { return r.device_bytes >= 0 ? integer(r.device_bytes) : ""; }},
        {"setup_ms",
         [](auto& r, auto&) {
           return r.status == results::Status::skipped ? "" : csv_number(r.setup_ms);
         }},
        {"backend_details", [](auto& r, auto&) { return capped(r.backend_details, r); }},
        {"log_path", [](auto& r, auto&) { return r.log_path; }},
        // The GEMM ceiling (docs/metrics.md): empty where the backend has none.
        {"gemm_ceiling_gflops", [](auto& r, auto&) { return finite(r.gemm_ceiling_gflops); }},
        {"gemm_gflops", [](auto&, auto& m) { return timed(m, m.gemm_gflops); }},
        {"pct_of_ceiling", [](auto&, auto& m) { return finite(m.pct_of_ceiling); }},
        {"time_to_target_ms", [](auto&, auto& m) { return finite(m.time_to_target_ms); }},
    };
    all.insert(all.end(), std::make_move_iterator(rest.begin()),
               std::make_move_iterator(rest.end()));
    return all;
  }();
  return kColumns;
}

}  // namespace

const std::vector<std::string>& csv_columns() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (const Column& column : columns()) names.push_back(column.name);
    return names;
  }();
  return kNames;
}

void write_csv(std::ostream& out, const std::vector<results::CaseResult>& results) {
  const auto& cols = columns();
  for (std::size_t i = 0; i < cols.size(); ++i) out << (i ? "," : "") << cols[i].name;
  out << '\n';
  for (const CaseResult& result : results) {
    const CaseMetrics metrics = stats::case_metrics(result);
    for (std::size_t i = 0; i < cols.size(); ++i) {
      out << (i ? "," : "") << csv_field(cols[i].value(result, metrics));
    }
    out << '\n';
  }
}

}  // namespace lstmbench::report
