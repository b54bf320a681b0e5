// The report's charts, drawn from the results (charts/charts.hpp does the drawing): mean
// ms/epoch by configuration with a bar per backend and device (the tutorial's chart), the
// speed-ups against the suite's first backend with their intervals, the training-loss curves
// with each case's validation loss, and, where the suite sets target_loss, the time to it.
#pragma once

#include <string>
#include <vector>

#include "results/case_result.hpp"

namespace lstmbench::report {

struct ChartFile {
  std::string file;  // the SVG's name inside the report folder
  std::string alt;   // what it shows, for the Markdown image's alternative text
  std::string note;  // Markdown shown under the image (what the chart cannot draw); may be empty
};

// Writes the charts that the results support into dir (atomically) and RETURNS them in the
// order report.md shows them; nothing when no case has timed epochs.
std::vector<ChartFile> draw_charts(const std::string& dir,
                                   const std::vector<results::CaseResult>& results);

}  // namespace lstmbench::report
