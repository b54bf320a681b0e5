#include "report/charts_hook.hpp"

#include "report/report_charts.hpp"

namespace lstmbench::report {

void write_charts(std::ostream& out, const std::vector<results::CaseResult>& results,
                  const std::string& dir) {
  if (dir.empty()) return;
  const std::vector<ChartFile> charts = draw_charts(dir, results);
  for (const ChartFile& chart : charts) {
    out << "![" << chart.alt << "](" << chart.file << ")\n\n";
    if (!chart.note.empty()) out << chart.note << "\n\n";
  }
}

}  // namespace lstmbench::report
