#include "report/case_table.hpp"

#include <fmt/format.h>

#include <cmath>
#include <string>

#include "report/format.hpp"
#include "report/markdown_table.hpp"
#include "report/seed_table.hpp"
#include "stats/case_metrics.hpp"
#include "suite/case_selection.hpp"

namespace lstmbench::report {
namespace {

// The LSTM GEMMs' rate as a share of the backend's GEMM ceiling; "—" without a ceiling (a
// backend or plugin that has none) or without timed epochs.
std::string percent_of_ceiling(const results::CaseResult& r, const stats::CaseMetrics& m) {
  if (!ran(r) || !std::isfinite(m.pct_of_ceiling)) return kMissing;
  return fixed_significant(m.pct_of_ceiling, 3) + " %";
}

}  // namespace

void write_case_table(std::ostream& out, const std::vector<results::CaseResult>& results) {
  using Align = MarkdownTable::Align;
  MarkdownTable table;
  // The case name carries every setting that varies (backend/precision/mode/b/lr/...), so the
  // table stays this wide whatever the suite varies.
  table.add_column("case");
  table.add_column("device");
  for (const char* header : {"mean ms/epoch", "p95", "first epoch ms", "samples/s", "GFLOP/s",
                             "% of ceiling", "final loss", "val loss"})
    table.add_column(header, Align::right);
  table.add_column("verified");
  table.add_column("status");
  for (const auto& r : results) {
    const stats::CaseMetrics m = stats::case_metrics(r);
    const bool timed = ran(r) && m.epoch_ms.count > 0;
    const bool trained = ran(r) && !r.train_loss.empty();
    auto metric = [&](double value) { return timed ? fixed_significant(value, 4) : kMissing; };
    table.add_row({suite::case_name(r.spec), r.device.empty() ? kMissing : r.device,
                   metric(m.epoch_ms.mean), metric(m.epoch_ms.p95),
                   ran(r) && !r.epoch_ms.empty() ? format_ms(m.first_epoch_ms) : kMissing,
                   metric(m.samples_per_s), metric(m.gflops), percent_of_ceiling(r, m),
                   trained ? format_loss(m.final_train_loss) : kMissing,
                   trained ? format_loss(r.val_loss) : kMissing, verified_cell(r.verification),
                   status_cell(r)});
  }
  table.write(out);
}

}  // namespace lstmbench::report
