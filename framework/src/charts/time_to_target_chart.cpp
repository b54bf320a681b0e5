// (d) Time to a target loss: one bar per series, "not reached" where it never got there.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "charts/charts.hpp"
#include "charts/row_frame.hpp"
#include "charts/style.hpp"

namespace lstmbench::charts {
namespace {

constexpr double kBarHeight = 14;
constexpr double kPlotWidth = 480;
constexpr double kValueFont = 10;

}  // namespace

Svg time_to_target_chart(const TimeToTargetChart& chart) {
  if (chart.series.empty()) return no_data_chart(chart.labels);
  Range range;
  double value_label_width = 0;
  std::vector<std::string> names;
  for (const TimeToTarget& series : chart.series) {
    range.add(series.value);
    if (std::isfinite(series.value)) {
      value_label_width =
          std::max(value_label_width, text_width(short_number(series.value), kValueFont));
    }
    names.push_back(series.name);
  }
  // With no series at the target there is nothing to scale: the rows alone say so.
  const Scale scale = range.any ? bar_scale(range) : Scale::linear(0, 1);
  const RowFrame rows(names, chart.labels, kPlotWidth);
  const PlotArea& plot = rows.plot();
  // Value labels sit right of their bar, so the longest bar's label needs room past the plot.
  const double width =
      plot.right() + kMargin + std::max(tick_label_width(scale) / 2, value_label_width + 6);

  SvgWriter svg(width, rows.height(), chart.labels.title);
  svg.raw(pattern_defs(chart.series.size()));
  draw_title(svg, chart.labels.title, width);
  if (range.any) draw_x_axis(svg, scale, plot);

  const double base = scale.logarithmic() ? plot.left : plot.x(scale, 0.0);
  for (std::size_t r = 0; r < chart.series.size(); ++r) {
    const TimeToTarget& series = chart.series[r];
    rows.draw_row_name(svg, r);
    if (!std::isfinite(series.value)) {
      rows.draw_row_note(svg, r, base + 6, "not reached");
      continue;
    }
    const double y = rows.row_middle(r);
    const double end = plot.x(scale, series.value);
    svg.rect(std::min(base, end), y - kBarHeight / 2, std::fabs(end - base), kBarHeight,
             fmt::format("{} stroke=\"{}\" stroke-width=\"0.5\"", bar_fill(r), kAxisColour),
             fmt::format("{}: {}", series.name, short_number(series.value)));
    svg.text(std::max(base, end) + 4, y + kValueFont * 0.35, short_number(series.value),
             {.font_size = kValueFont, .role = TextRole::note});
  }
  rows.draw_frame(svg, axis_caption(chart.labels.x_label, scale));
  return std::move(svg).finish();
}

}  // namespace lstmbench::charts
