// Where report.md embeds its charts: the first screen calls write_charts between the pivot and
// the variant tables. The charts (report_charts.hpp) are SVG files written into the report
// folder; report.md shows them as images, so they render on GitHub and in a browser.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "results/case_result.hpp"

namespace lstmbench::report {

// REQUIRES: dir is the report folder (report.md's folder), or empty when report.md is rendered
// to a stream only (tests, stdout): then no file is written and nothing is embedded.
void write_charts(std::ostream& out, const std::vector<results::CaseResult>& results,
                  const std::string& dir);

}  // namespace lstmbench::report
