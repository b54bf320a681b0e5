// Where report.md embeds its charts: the first screen calls write_charts between the pivot and
// the variant tables. The chart library (framework/src/charts/) plugs in here: it writes its SVG
// files into the report folder and the Markdown lines that show them into `out`. Until then it
// writes nothing, and report.md reads the same without charts.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "results/case_result.hpp"

namespace lstmbench::report {

// REQUIRES: dir is the report folder (report.md's folder), or empty when report.md is rendered
// to a stream only (tests, stdout): then no file may be written and nothing is embedded.
void write_charts(std::ostream& out, const std::vector<results::CaseResult>& results,
                  const std::string& dir);

}  // namespace lstmbench::report
