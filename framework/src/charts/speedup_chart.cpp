// (b) Speed-ups: one row per comparison, the ratio as a point, its 95% interval as a whisker,
// and a line at 1.0 (no change).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "charts/charts.hpp"
#include "charts/row_frame.hpp"
#include "charts/style.hpp"

namespace lstmbench::charts {
namespace {

constexpr double kPlotWidth = 520;
constexpr std::string_view kPointColour = kOkabeIto[4];  // blue: dark enough on white

bool has_interval(const SpeedupRow& row) {
  return std::isfinite(row.low) && std::isfinite(row.high);
}

std::string describe(const SpeedupRow& row) {
  std::string text = fmt::format("{}: {}×", row.label, short_number(row.ratio));
  if (has_interval(row)) {
    text += fmt::format(" (95% interval {}–{})", short_number(std::min(row.low, row.high)),
                        short_number(std::max(row.low, row.high)));
  }
  return text;
}

}  // namespace

Svg speedup_chart(const SpeedupChart& chart) {
  if (chart.rows.empty()) return no_data_chart(chart.labels);
  Range range;
  range.add(1.0);  // the reference line is always on the axis
  for (const SpeedupRow& row : chart.rows) {
    if (!std::isfinite(row.ratio)) continue;
    range.add(row.ratio);
    if (has_interval(row)) {
      range.add(row.low);
      range.add(row.high);
    }
  }
  const Scale scale = range.positive && range.hi / range.lo > kLog2Span
                          ? Scale::powers_of_two(range.lo, range.hi)
                          : Scale::linear(range.lo, range.hi);
  std::vector<std::string> names;
  for (const SpeedupRow& row : chart.rows) names.push_back(row.label);
  const RowFrame rows(names, chart.labels, kPlotWidth);
  const PlotArea& plot = rows.plot();
  const double width = plot.right() + kMargin + tick_label_width(scale) / 2 + 4;

  SvgWriter svg(width, rows.height(), chart.labels.title);
  draw_title(svg, chart.labels.title, width);
  draw_x_axis(svg, scale, plot);
  const double one = plot.x(scale, 1.0);
  svg.line(one, plot.top, one, plot.bottom(),
           fmt::format("stroke=\"{}\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"", kTextColour));

  for (std::size_t r = 0; r < chart.rows.size(); ++r) {
    const SpeedupRow& row = chart.rows[r];
    const double y = rows.row_middle(r);
    rows.draw_row_name(svg, r);
    if (!std::isfinite(row.ratio)) {
      rows.draw_row_note(svg, r, plot.left + 6, "no value");
      continue;
    }
    if (has_interval(row)) {
      const double x_low = plot.x(scale, std::min(row.low, row.high));
      const double x_high = plot.x(scale, std::max(row.low, row.high));
      svg.path(fmt::format("M{0} {2}V{3}M{0} {4}H{1}M{1} {2}V{3}", num(x_low), num(x_high),
                           num(y - 5), num(y + 5), num(y)),
               fmt::format("fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\"", kTextColour));
    }
    svg.path(marker_path(Marker::circle, plot.x(scale, row.ratio), y, 9),
             fmt::format("fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"1\"", kPointColour),
             describe(row));
  }
  rows.draw_frame(svg, axis_caption(chart.labels.x_label, scale));
  return std::move(svg).finish();
}

}  // namespace lstmbench::charts
