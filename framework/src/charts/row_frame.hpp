// The frame of the row charts (speed-ups, time to target): one row per item with its name
// right-aligned left of the plot under the rows' caption (y_label), a value axis below, and
// the chart as tall as its rows.
// Internal to the charts module.
#pragma once

#include <string>
#include <vector>

#include "charts/chart_frame.hpp"

namespace lstmbench::charts {

class RowFrame {
 public:
  // Lays out one row per name (names longer than a column are shortened with "…").
  RowFrame(const std::vector<std::string>& names, const ChartLabels& labels, double plot_width);

  const PlotArea& plot() const { return plot_; }
  double height() const { return caption_y_ + kMargin; }
  // The vertical middle of a row.
  double row_middle(std::size_t row) const;

  void draw_row_name(SvgWriter& svg, std::size_t row) const;
  // An italic grey note at x in the row, saying why it has no mark ("not reached").
  void draw_row_note(SvgWriter& svg, std::size_t row, double x, const std::string& note) const;
  // The plot's edges and both captions; x_caption as axis_caption made it.
  void draw_frame(SvgWriter& svg, const std::string& x_caption) const;

 private:
  std::vector<std::string> names_;
  std::string y_caption_;
  PlotArea plot_;
  double caption_y_ = 0;
};

}  // namespace lstmbench::charts
