// Report writers. Each renders the same CaseResult values (plus stats::case_metrics) — no
// writer computes a metric of its own. Column names are stable (docs/report-columns.md).
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "results/case_result.hpp"

namespace lstmbench::report {

// The CSV header's column names, in order (stable: scripts read them).
const std::vector<std::string>& csv_columns();

// One tidy row per case, every parameter and metric a column.
void write_csv(std::ostream& out, const std::vector<results::CaseResult>& results);

// The seed-style table (device, backend, precision, mode, batch, lr, epochs, mean ms/epoch,
// median, min, std, p95, first epoch, samples/s, GFLOP/s, losses, verification, status), one row
// per case that ran; what `lstmbench run` prints.
void write_seed_table(std::ostream& out, const std::vector<results::CaseResult>& results);

// The full Markdown report. First screen: title and counts, "GPU used?", mean ms/epoch by
// backend, charts (charts_hook.hpp), precision and mode variants, GPU eligibility; then the
// per-case table, skipped and failed cases with their reasons (capped: report.md stays small
// whatever a plugin prints), measurement details, and the environment (the JSON object the runner
// records: cpu, cores, library versions, git commit, date, command, machine, plugins). dir is the
// report's folder, where charts are written; empty: render to `out` only.
void write_markdown(std::ostream& out, const std::vector<results::CaseResult>& results,
                    const nlohmann::json& environment, const std::string& dir = "");

// Everything in one JSON document: the environment, and per case its settings, status,
// verification, per-epoch times and losses (the results.jsonl line) plus the derived metrics.
void write_json(std::ostream& out, const std::vector<results::CaseResult>& results,
                const nlohmann::json& environment);

// Writes report.md, results.csv and results.json for results into dir.
void write_reports(const std::string& dir, const std::vector<results::CaseResult>& results,
                   const nlohmann::json& environment);

}  // namespace lstmbench::report
