// What every chart shares around its plot: the title, the "no data" document, value axes with
// grid lines and tick labels (thinned so labels never collide), and the axis captions. Internal
// to the charts module.
#pragma once

#include <string>

#include "charts/charts.hpp"
#include "charts/scale.hpp"
#include "charts/svg_writer.hpp"

namespace lstmbench::charts {

inline constexpr double kTitleFont = 16;
inline constexpr double kCaptionFont = 12;
inline constexpr double kTickFont = 11;
inline constexpr double kNoteFont = 9;
inline constexpr double kMargin = 12;
inline constexpr double kTitleBand = 36;  // title baseline at 24, plot from 36 + gap

struct PlotArea {
  double left = 0;
  double top = 0;
  double width = 0;
  double height = 0;
  double right() const { return left + width; }
  double bottom() const { return top + height; }
  // Pixel positions of a value on a horizontal (x) or vertical (y) value axis.
  double x(const Scale& scale, double value) const { return left + scale.fraction(value) * width; }
  double y(const Scale& scale, double value) const {
    return bottom() - scale.fraction(value) * height;
  }
};

// RETURNS: a small valid SVG with the chart's title and "no data".
Svg no_data_chart(const ChartLabels& labels);

// Draws the title centred at the top, shortened to fit `width`.
void draw_title(SvgWriter& svg, const std::string& title, double width);

// Width the tick labels of a vertical value axis need left of the plot.
double tick_label_width(const Scale& scale);

// A value axis along the left edge (y) or bottom edge (x) of the plot: grid lines across
// the plot and tick labels outside it.
void draw_y_axis(SvgWriter& svg, const Scale& scale, const PlotArea& plot);
void draw_x_axis(SvgWriter& svg, const Scale& scale, const PlotArea& plot);

// The frame line of the plot's left and bottom edges.
void draw_axis_lines(SvgWriter& svg, const PlotArea& plot);

// A caption rotated to read upwards, centred on the plot's height, at x (its baseline).
void draw_y_caption(SvgWriter& svg, const std::string& caption, double x, const PlotArea& plot);
// A caption centred under the plot with its baseline at y.
void draw_x_caption(SvgWriter& svg, const std::string& caption, double y, const PlotArea& plot);

}  // namespace lstmbench::charts
