// (c) Loss curves: training loss per epoch as solid lines, validation loss as dashed lines
// with hollow markers, one colour (and, past eight series, one marker shape) per series.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "charts/chart_frame.hpp"
#include "charts/charts.hpp"
#include "charts/legend.hpp"
#include "charts/style.hpp"

namespace lstmbench::charts {
namespace {

constexpr double kPlotWidth = 560;
constexpr double kPlotHeight = 320;
constexpr double kMarkerSize = 7;
// About this many markers per line: enough to tell shapes apart, few enough not to hide it.
constexpr double kMarkersPerLine = 12;

// Path data through the finite points; a non-finite value ends a segment, so a gap in the
// data is a gap in the line.
std::string line_path(const std::vector<double>& values, const Scale& x, const Scale& y,
                      const PlotArea& plot) {
  std::string d;
  bool pen_down = false;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      pen_down = false;
      continue;
    }
    d += fmt::format("{}{} {}", pen_down ? "L" : "M", num(plot.x(x, static_cast<double>(i + 1))),
                     num(plot.y(y, values[i])));
    pen_down = true;
  }
  return d;
}

void draw_markers(SvgWriter& svg, const std::vector<double>& values, std::size_t stride,
                  const SeriesStyle& style, bool hollow, const Scale& x, const Scale& y,
                  const PlotArea& plot) {
  const std::string attrs =
      hollow ? fmt::format("fill=\"#ffffff\" stroke=\"{}\" stroke-width=\"1.5\"", style.colour)
             : fmt::format("fill=\"{}\"", style.colour);
  std::string d;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const bool last = i + 1 == values.size();
    if (!std::isfinite(values[i]) || (i % stride != 0 && !last)) continue;
    d += marker_path(style.marker, plot.x(x, static_cast<double>(i + 1)), plot.y(y, values[i]),
                     kMarkerSize);
  }
  if (!d.empty()) svg.path(d, attrs);
}

}  // namespace

Svg loss_chart(const LossChart& chart) {
  Range range;
  std::size_t epochs = 0;
  bool any_validation = false;
  for (const LossSeries& series : chart.series) {
    epochs = std::max({epochs, series.training.size(), series.validation.size()});
    for (double v : series.training) range.add(v);
    for (double v : series.validation) {
      range.add(v);
      any_validation = any_validation || std::isfinite(v);
    }
  }
  if (!range.any) return no_data_chart(chart.labels);

  const Scale x = Scale::integers(1, static_cast<double>(epochs));
  const Scale y = range.positive && wants_log(range.lo, range.hi)
                      ? Scale::decades(range.lo, range.hi)
                      : Scale::linear(range.lo, range.hi);
  const std::string y_caption = axis_caption(chart.labels.y_label, y);

  const double left =
      kMargin + (y_caption.empty() ? 0 : kCaptionFont + 8) + tick_label_width(y) + 8;
  const PlotArea plot{
      .left = left, .top = kTitleBand + 8, .width = kPlotWidth, .height = kPlotHeight};
  const double width = plot.right() + kMargin + 16;

  std::vector<LegendEntry> entries;
  for (std::size_t s = 0; s < chart.series.size(); ++s) {
    entries.push_back(
        {.label = chart.series[s].name, .swatch = LegendEntry::Swatch::line, .series = s});
  }
  if (any_validation) {
    entries.push_back({.label = "validation (dashed, hollow markers)",
                       .swatch = LegendEntry::Swatch::dashed_line});
  }
  const Legend legend(std::move(entries), width - 2 * kMargin);
  const double caption_y = plot.bottom() + kTickFont + 10 + kCaptionFont + 4;
  const double legend_y = caption_y + 10;
  const double height = legend_y + legend.height() + kMargin;

  SvgWriter svg(width, height, chart.labels.title);
  draw_title(svg, chart.labels.title, width);
  draw_y_axis(svg, y, plot);
  draw_x_axis(svg, x, plot);

  const auto stride = static_cast<std::size_t>(
      std::max(1.0, std::ceil(static_cast<double>(epochs) / kMarkersPerLine)));
  for (std::size_t s = 0; s < chart.series.size(); ++s) {
    const LossSeries& series = chart.series[s];
    const SeriesStyle style = series_style(s);
    const std::string training = line_path(series.training, x, y, plot);
    if (!training.empty()) {
      svg.path(training,
               fmt::format("fill=\"none\" stroke=\"{}\" stroke-width=\"2\" "
                           "stroke-linejoin=\"round\"",
                           style.colour),
               series.name + " (training)");
    }
    const std::string validation = line_path(series.validation, x, y, plot);
    if (!validation.empty()) {
      svg.path(validation,
               fmt::format("fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\" "
                           "stroke-dasharray=\"6 4\" stroke-linejoin=\"round\"",
                           style.colour),
               series.name + " (validation)");
    }
    draw_markers(svg, series.training, stride, style, false, x, y, plot);
    draw_markers(svg, series.validation, stride, style, true, x, y, plot);
  }
  draw_axis_lines(svg, plot);
  draw_y_caption(svg, y_caption, kMargin + kCaptionFont * 0.8, plot);
  draw_x_caption(svg, chart.labels.x_label, caption_y, plot);
  legend.draw(svg, kMargin, legend_y);
  return std::move(svg).finish();
}

}  // namespace lstmbench::charts
