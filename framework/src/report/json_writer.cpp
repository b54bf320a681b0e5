#include <nlohmann/json.hpp>

#include "common/json_text.hpp"
#include "report/format.hpp"
#include "report/report.hpp"
#include "results/result_json.hpp"
#include "stats/case_metrics.hpp"

namespace lstmbench::report {

namespace {

nlohmann::json metrics_json(const results::CaseResult& result) {
  const stats::CaseMetrics m = stats::case_metrics(result);
  return {{"epoch_ms_mean", m.epoch_ms.mean},
          {"epoch_ms_median", m.epoch_ms.median},
          {"epoch_ms_min", m.epoch_ms.min},
          {"epoch_ms_max", m.epoch_ms.max},
          {"epoch_ms_std", m.epoch_ms.stddev},
          {"epoch_ms_p95", m.epoch_ms.p95},
          {"timed_epochs", m.epoch_ms.count},
          {"first_epoch_ms", m.first_epoch_ms},
          {"samples_per_s", m.samples_per_s},
          {"gflops", m.gflops},
          {"first_train_loss", m.first_train_loss},
          {"final_train_loss", m.final_train_loss},
          {"gemm_gflops", m.gemm_gflops},
          {"pct_of_ceiling", m.pct_of_ceiling},
          {"time_to_target_ms", m.time_to_target_ms}};
}

}  // namespace

void write_json(std::ostream& out, const std::vector<results::CaseResult>& results,
                const nlohmann::json& environment) {
  nlohmann::json cases = nlohmann::json::array();
  for (const results::CaseResult& r : results) {
    nlohmann::json entry = results::result_to_json(r);
    entry["metrics"] = metrics_json(r);
    // Free text a plugin controls is bounded here (results.jsonl keeps it whole).
    const std::string note = truncated_note(r.log_path);
    entry["reason"] = cap_text(r.reason, kDataTextCap, note);
    entry["verification"]["note"] = cap_text(r.verification.note, kDataTextCap, note);
    entry["backend_details"] = cap_text(r.backend_details, kDataTextCap, note);
    cases.push_back(std::move(entry));
  }
  nlohmann::json document{{"format", "lstmbench-results"},
                          {"version", 1},
                          {"environment", environment},
                          {"results", cases}};
  out << json_text(document, 1) << '\n';
}

}  // namespace lstmbench::report
