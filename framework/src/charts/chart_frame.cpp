#include "charts/chart_frame.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "charts/style.hpp"

namespace lstmbench::charts {
namespace {

constexpr double kTickLength = 4;
constexpr double kLabelGap = 4;  // least space between two tick labels

// The smallest stride k such that every k-th tick's label is clear of the next one, given
// each label's extent along the axis (position +- half extent).
std::size_t label_stride(const std::vector<double>& positions,
                         const std::vector<double>& half_extents) {
  for (std::size_t stride = 1; stride < positions.size(); ++stride) {
    bool clear = true;
    for (std::size_t i = 0; i + stride < positions.size() && clear; i += stride) {
      const double distance = std::fabs(positions[i + stride] - positions[i]);
      clear = distance >= half_extents[i] + half_extents[i + stride] + kLabelGap;
    }
    if (clear) return stride;
  }
  return std::max<std::size_t>(1, positions.size());
}

}  // namespace

Svg no_data_chart(const ChartLabels& labels) {
  constexpr double kWidth = 320;
  constexpr double kHeight = 120;
  SvgWriter svg(kWidth, kHeight, labels.title.empty() ? "no data" : labels.title);
  draw_title(svg, labels.title, kWidth);
  svg.text(kWidth / 2, 80, "no data",
           {.font_size = kCaptionFont,
            .anchor = Anchor::middle,
            .role = TextRole::note,
            .extra_attrs = "fill=\"#666666\""});
  return std::move(svg).finish();
}

void draw_title(SvgWriter& svg, const std::string& title, double width) {
  if (title.empty()) return;
  svg.text(width / 2, 24, fit_text(title, width - 2 * kMargin, kTitleFont),
           {.font_size = kTitleFont,
            .anchor = Anchor::middle,
            .role = TextRole::title,
            .extra_attrs = "font-weight=\"bold\""});
}

double tick_label_width(const Scale& scale) {
  double width = 0;
  for (const Tick& tick : scale.ticks()) width = std::max(width, text_width(tick.label, kTickFont));
  return width;
}

void draw_y_axis(SvgWriter& svg, const Scale& scale, const PlotArea& plot) {
  std::vector<double> positions, half_extents;
  for (const Tick& tick : scale.ticks()) {
    positions.push_back(plot.y(scale, tick.value));
    half_extents.push_back(kTickFont * 0.55);
  }
  const std::size_t stride = label_stride(positions, half_extents);
  for (std::size_t i = 0; i < positions.size(); ++i) {
    const double y = positions[i];
    svg.line(plot.left, y, plot.right(), y,
             fmt::format("stroke=\"{}\" stroke-width=\"1\"", kGridColour));
    if (i % stride != 0) continue;
    svg.line(plot.left - kTickLength, y, plot.left, y, fmt::format("stroke=\"{}\"", kAxisColour));
    svg.text(plot.left - kTickLength - 3, y + kTickFont * 0.35, scale.ticks()[i].label,
             {.font_size = kTickFont, .anchor = Anchor::end, .role = TextRole::tick_label});
  }
}

void draw_x_axis(SvgWriter& svg, const Scale& scale, const PlotArea& plot) {
  std::vector<double> positions, half_extents;
  for (const Tick& tick : scale.ticks()) {
    positions.push_back(plot.x(scale, tick.value));
    half_extents.push_back(text_width(tick.label, kTickFont) / 2);
  }
  const std::size_t stride = label_stride(positions, half_extents);
  for (std::size_t i = 0; i < positions.size(); ++i) {
    const double x = positions[i];
    svg.line(x, plot.top, x, plot.bottom(),
             fmt::format("stroke=\"{}\" stroke-width=\"1\"", kGridColour));
    if (i % stride != 0) continue;
    svg.line(x, plot.bottom(), x, plot.bottom() + kTickLength,
             fmt::format("stroke=\"{}\"", kAxisColour));
    svg.text(x, plot.bottom() + kTickLength + kTickFont + 2, scale.ticks()[i].label,
             {.font_size = kTickFont, .anchor = Anchor::middle, .role = TextRole::tick_label});
  }
}

void draw_axis_lines(SvgWriter& svg, const PlotArea& plot) {
  svg.path(fmt::format("M{} {}V{}H{}", num(plot.left), num(plot.top), num(plot.bottom()),
                       num(plot.right())),
           fmt::format("fill=\"none\" stroke=\"{}\" stroke-width=\"1\"", kAxisColour));
}

void draw_y_caption(SvgWriter& svg, const std::string& caption, double x, const PlotArea& plot) {
  if (caption.empty()) return;
  svg.text(x, plot.top + plot.height / 2, fit_text(caption, plot.height, kCaptionFont),
           {.font_size = kCaptionFont,
            .anchor = Anchor::middle,
            .angle_deg = -90,
            .role = TextRole::axis_label});
}

void draw_x_caption(SvgWriter& svg, const std::string& caption, double y, const PlotArea& plot) {
  if (caption.empty()) return;
  svg.text(plot.left + plot.width / 2, y, fit_text(caption, plot.width + 80, kCaptionFont),
           {.font_size = kCaptionFont, .anchor = Anchor::middle, .role = TextRole::axis_label});
}

}  // namespace lstmbench::charts
