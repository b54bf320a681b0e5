// results.csv: one tidy row per case (docs/report-columns.md). The column list below is the one
// place a column is defined: its stable name and how its value is spelled.
#include <fmt/format.h>

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "report/format.hpp"
#include "report/report.hpp"
#include "stats/case_metrics.hpp"

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

bool trained(const CaseResult& r) { return !r.epoch_ms.empty() || !r.train_loss.empty(); }

const std::vector<Column>& columns() {
  static const std::vector<Column> kColumns = {
      // What the case is.
      {"suite", [](auto& r, auto&) { return r.spec.suite_name; }},
      {"case_id", [](auto& r, auto&) { return r.spec.id; }},
      {"index", [](auto& r, auto&) { return integer(r.spec.index); }},
      {"backend", [](auto& r, auto&) { return r.spec.backend; }},
      {"device", [](auto& r, auto&) { return r.device; }},
      {"plugin", [](auto& r, auto&) { return r.plugin; }},
      {"precision", [](auto& r, auto&) { return r.spec.precision; }},
      {"mode", [](auto& r, auto&) { return r.spec.mode; }},
      {"batch_size", [](auto& r, auto&) { return integer(r.spec.batch_size); }},
      {"learning_rate", [](auto& r, auto&) { return csv_number(r.spec.learning_rate); }},
      {"optimizer", [](auto& r, auto&) { return r.spec.optimizer; }},
      {"hidden_size", [](auto& r, auto&) { return integer(r.spec.hidden_size); }},
      {"num_layers", [](auto& r, auto&) { return integer(r.spec.num_layers); }},
      {"seq_len", [](auto& r, auto&) { return integer(r.spec.seq_len); }},
      {"train_windows", [](auto& r, auto&) { return integer(r.spec.train_windows); }},
      {"val_windows", [](auto& r, auto&) { return integer(r.spec.val_windows); }},
      {"data_source", [](auto& r, auto&) { return r.spec.data_source; }},
      {"epochs", [](auto& r, auto&) { return integer(r.spec.epochs); }},
      {"warmup_epochs", [](auto& r, auto&) { return integer(r.spec.warmup_epochs); }},
      {"seed", [](auto& r, auto&) { return fmt::format("{}", r.spec.seed); }},
      {"activation", [](auto& r, auto&) { return r.spec.activation; }},
      {"recurrent_activation", [](auto& r, auto&) { return r.spec.recurrent_activation; }},
      {"recurrent_dropout", [](auto& r, auto&) { return csv_number(r.spec.recurrent_dropout); }},
      {"options", [](auto& r, auto&) { return options_text(r.spec); }},
      // How it went.
      {"status", [](auto& r, auto&) { return std::string(results::to_string(r.status)); }},
      {"reason", [](auto& r, auto&) { return capped(r.reason, r); }},
      {"verified",
       [](auto& r, auto&) {
         return std::string(!r.verification.ran ? "not_run" : r.verification.passed ? "yes" : "no");
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
       [](auto& r, auto& m) { return r.train_loss.empty() ? "" : csv_number(m.first_train_loss); }},
      {"final_train_loss",
       [](auto& r, auto& m) { return r.train_loss.empty() ? "" : csv_number(m.final_train_loss); }},
      {"val_loss", [](auto& r, auto&) { return trained(r) ? csv_number(r.val_loss) : ""; }},
      {"diverged_epoch",
       [](auto& r, auto&) { return r.diverged_epoch > 0 ? integer(r.diverged_epoch) : ""; }},
      {"skipped_steps", [](auto& r, auto&) { return trained(r) ? integer(r.skipped_steps) : ""; }},
      {"device_bytes",
       [](auto& r, auto&) { return r.device_bytes >= 0 ? integer(r.device_bytes) : ""; }},
      {"setup_ms",
       [](auto& r, auto&) {
         return r.status == results::Status::skipped ? "" : csv_number(r.setup_ms);
       }},
      {"backend_details", [](auto& r, auto&) { return capped(r.backend_details, r); }},
      {"log_path", [](auto& r, auto&) { return r.log_path; }},
  };
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
