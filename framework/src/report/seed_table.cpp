// The seed-style table: the one people paste into docs ("mean ms/epoch" is the seed tutorial's
// 평균시간). One row per case that ran, in suite order.
#include "report/seed_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

#include "report/format.hpp"
#include "report/markdown_table.hpp"
#include "report/report.hpp"
#include "stats/case_metrics.hpp"

namespace lstmbench::report {
namespace {

using Align = MarkdownTable::Align;

// Settings that already have a column of their own; any other varying setting (hidden_size,
// seq_len, an option, ...) gets an extra column so that no two rows look alike.
bool has_own_column(const std::string& name) {
  static const std::vector<std::string> kOwn = {"backend",    "precision",     "mode",
                                                "batch_size", "learning_rate", "epochs"};
  return std::find(kOwn.begin(), kOwn.end(), name) != kOwn.end();
}

std::string value_of(const suite::CaseSpec& spec, const std::string& name) {
  for (const auto& [key, value] : spec.varying)
    if (key == name) return value;
  return kMissing;
}

}  // namespace

std::string verified_cell(const results::Verification& v) {
  if (!v.ran) return kMissing;
  const double error = std::max(v.max_rel_error_loss, v.weight_update_error);
  // "shared": the verification of another case of the run that computes the same slice.
  const char* shared = v.reused_from.empty() ? "" : ", shared";
  if (v.passed) return fmt::format("yes ({}{})", compact_scientific(error, 2), shared);
  return fmt::format("NO ({} > {}{})", compact_scientific(error, 2),
                     compact_scientific(v.tolerance, 2), shared);
}

std::string status_cell(const results::CaseResult& r) {
  if (r.status == results::Status::diverged && r.diverged_epoch > 0)
    return fmt::format("diverged (epoch {})", r.diverged_epoch);
  // An ok case that was not compared with the reference says so wherever its status shows.
  if (r.status == results::Status::ok && !r.verification.ran) return "ok, not verified";
  return results::to_string(r.status);
}

bool ran(const results::CaseResult& result) {
  return result.status == results::Status::ok || result.status == results::Status::diverged ||
         result.status == results::Status::unverified;
}

std::string format_ms(double ms) { return fixed_significant(ms, 4); }
std::string format_loss(double loss) { return general_significant(loss, 4); }

void write_seed_table(std::ostream& out, const std::vector<results::CaseResult>& results) {
  std::vector<std::string> extra;
  for (const auto& r : results) {
    if (!ran(r)) continue;
    for (const auto& [name, value] : r.spec.varying)
      if (!has_own_column(name) && std::find(extra.begin(), extra.end(), name) == extra.end())
        extra.push_back(name);
  }

  MarkdownTable table;
  for (const char* header : {"device", "backend", "precision", "mode"}) table.add_column(header);
  table.add_column("batch", Align::right);
  table.add_column("lr", Align::right);
  table.add_column("epochs", Align::right);
  for (const auto& name : extra) table.add_column(name, Align::right);
  for (const char* header : {"mean ms/epoch", "median", "min", "std", "p95", "first epoch ms",
                             "samples/s", "GFLOP/s", "epoch-1 loss", "final loss", "val loss"}) {
    table.add_column(header, Align::right);
  }
  table.add_column("verified");
  table.add_column("status");

  for (const auto& r : results) {
    if (!ran(r)) continue;
    const stats::CaseMetrics m = stats::case_metrics(r);
    const bool timed = m.epoch_ms.count > 0;
    // Times, rates and GFLOP/s alike: 4 significant digits.
    auto metric = [&](double value) { return timed ? fixed_significant(value, 4) : kMissing; };

    std::vector<std::string> row = {r.device.empty() ? kMissing : r.device,
                                    r.spec.backend,
                                    r.spec.precision,
                                    r.spec.mode,
                                    fmt::format("{}", r.spec.batch_size),
                                    fmt::format("{}", r.spec.learning_rate),
                                    fmt::format("{}", r.spec.epochs)};
    for (const auto& name : extra) row.push_back(value_of(r.spec, name));
    row.push_back(metric(m.epoch_ms.mean));
    row.push_back(metric(m.epoch_ms.median));
    row.push_back(metric(m.epoch_ms.min));
    row.push_back(metric(m.epoch_ms.stddev));
    row.push_back(metric(m.epoch_ms.p95));
    row.push_back(r.epoch_ms.empty() ? kMissing : format_ms(m.first_epoch_ms));
    row.push_back(metric(m.samples_per_s));
    row.push_back(metric(m.gflops));
    row.push_back(r.train_loss.empty() ? kMissing : format_loss(m.first_train_loss));
    row.push_back(r.train_loss.empty() ? kMissing : format_loss(m.final_train_loss));
    row.push_back(r.train_loss.empty() ? kMissing : format_loss(r.val_loss));
    row.push_back(verified_cell(r.verification));
    row.push_back(status_cell(r));
    table.add_row(std::move(row));
  }
  table.write(out);
}

}  // namespace lstmbench::report
