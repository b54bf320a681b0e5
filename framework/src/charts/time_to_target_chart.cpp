// (d) Time to a target loss: one bar per series, "not reached" where it never got there.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "charts/chart_frame.hpp"
#include "charts/charts.hpp"
#include "charts/style.hpp"

namespace lstmbench::charts {
namespace {

constexpr double kRowHeight = 24;
constexpr double kBarHeight = 14;
constexpr double kPlotWidth = 480;
constexpr double kMaxRowLabelWidth = 260;
constexpr double kValueFont = 10;

}  // namespace

Svg time_to_target_chart(const TimeToTargetChart& chart) {
  if (chart.series.empty()) return no_data_chart(chart.labels);
  Range range;
  double value_label_width = 0;
  std::vector<std::string> names;
  double label_width = 0;
  for (const TimeToTarget& series : chart.series) {
    range.add(series.value);
    if (std::isfinite(series.value)) {
      value_label_width =
          std::max(value_label_width, text_width(short_number(series.value), kValueFont));
    }
    names.push_back(fit_text(series.name, kMaxRowLabelWidth, kTickFont));
    label_width = std::max(label_width, text_width(names.back(), kTickFont));
  }
  // With no series at the target there is nothing to scale: the rows alone say so.
  const Scale scale = !range.any ? Scale::linear(0, 1)
                      : range.positive && wants_log(range.lo, range.hi)
                          ? Scale::decades(range.lo, range.hi)
                          : Scale::linear(std::min(0.0, range.lo), std::max(0.0, range.hi));
  const std::string x_caption = axis_caption(chart.labels.x_label, scale);

  const double caption_band = chart.labels.y_label.empty() ? 0 : kCaptionFont + 8;
  const PlotArea plot{.left = kMargin + caption_band + label_width + 10,
                      .top = kTitleBand + 8,
                      .width = kPlotWidth,
                      .height = static_cast<double>(chart.series.size()) * kRowHeight};
  // Value labels sit right of their bar, so the longest bar's label needs room past the plot.
  const double width =
      plot.right() + kMargin + std::max(tick_label_width(scale) / 2, value_label_width + 6);
  const double caption_y = plot.bottom() + kTickFont + 10 + kCaptionFont + 6;
  const double height = caption_y + kMargin;

  SvgWriter svg(width, height, chart.labels.title);
  svg.raw(pattern_defs(chart.series.size()));
  draw_title(svg, chart.labels.title, width);
  if (range.any) draw_x_axis(svg, scale, plot);

  const double base = scale.logarithmic() ? plot.left : plot.x(scale, 0.0);
  for (std::size_t r = 0; r < chart.series.size(); ++r) {
    const TimeToTarget& series = chart.series[r];
    const double y = plot.top + (static_cast<double>(r) + 0.5) * kRowHeight;
    svg.text(plot.left - 8, y + kTickFont * 0.35, names[r],
             {.font_size = kTickFont, .anchor = Anchor::end, .role = TextRole::category_label});
    if (!std::isfinite(series.value)) {
      svg.text(base + 6, y + kNoteFont * 0.35, "not reached",
               {.font_size = kNoteFont,
                .role = TextRole::note,
                .extra_attrs = "fill=\"#666666\" font-style=\"italic\""});
      continue;
    }
    const double end = plot.x(scale, series.value);
    svg.rect(std::min(base, end), y - kBarHeight / 2, std::fabs(end - base), kBarHeight,
             fmt::format("{} stroke=\"{}\" stroke-width=\"0.5\"", bar_fill(r), kAxisColour),
             fmt::format("{}: {}", series.name, short_number(series.value)));
    svg.text(std::max(base, end) + 4, y + kValueFont * 0.35, short_number(series.value),
             {.font_size = kValueFont, .role = TextRole::note});
  }
  draw_axis_lines(svg, plot);
  draw_y_caption(svg, chart.labels.y_label, kMargin + kCaptionFont * 0.8, plot);
  draw_x_caption(svg, x_caption, caption_y, plot);
  return std::move(svg).finish();
}

}  // namespace lstmbench::charts
