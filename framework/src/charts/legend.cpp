#include "charts/legend.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "charts/style.hpp"

namespace lstmbench::charts {
namespace {

constexpr double kFont = 11;
constexpr double kRowHeight = 18;
constexpr double kSwatchWidth = 24;  // wide enough to show a dash pattern
constexpr double kSwatchGap = 6;
constexpr double kColumnGap = 16;
constexpr double kMaxLabelWidth = 260;  // longer names are shortened with "…"

void draw_swatch(SvgWriter& svg, const LegendEntry& entry, double x, double y_mid) {
  const SeriesStyle style = series_style(entry.series);
  switch (entry.swatch) {
    case LegendEntry::Swatch::bar:
      svg.rect(x + 6, y_mid - 6, 12, 12,
               fmt::format("{} stroke=\"{}\" stroke-width=\"0.5\"", bar_fill(entry.series),
                           kAxisColour));
      break;
    case LegendEntry::Swatch::line:
      svg.line(x, y_mid, x + kSwatchWidth, y_mid,
               fmt::format("stroke=\"{}\" stroke-width=\"2\"", style.colour));
      svg.path(marker_path(style.marker, x + kSwatchWidth / 2, y_mid, 7),
               fmt::format("fill=\"{}\"", style.colour));
      break;
    case LegendEntry::Swatch::dashed_line:
      svg.line(
          x, y_mid, x + kSwatchWidth, y_mid,
          fmt::format("stroke=\"{}\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"", kAxisColour));
      svg.path(marker_path(Marker::circle, x + kSwatchWidth / 2, y_mid, 7),
               fmt::format("fill=\"#ffffff\" stroke=\"{}\" stroke-width=\"1.5\"", kAxisColour));
      break;
    case LegendEntry::Swatch::skipped:
      svg.path(cross_path(x + kSwatchWidth / 2, y_mid, 7),
               fmt::format("stroke=\"{}\" stroke-width=\"1.5\" fill=\"none\"", kNoteColour));
      break;
  }
}

}  // namespace

Legend::Legend(std::vector<LegendEntry> entries, double available_width)
    : entries_(std::move(entries)) {
  if (entries_.empty()) return;
  for (const LegendEntry& entry : entries_) {
    label_width_ = std::max(label_width_, text_width(entry.label, kFont));
  }
  const double fixed = kSwatchWidth + kSwatchGap + kColumnGap;
  label_width_ = std::min({label_width_, kMaxLabelWidth, std::max(40.0, available_width - fixed)});
  column_width_ = fixed + label_width_;
  const auto fit = static_cast<std::size_t>(
      std::max(1.0, std::floor((available_width + kColumnGap) / column_width_)));
  const std::size_t columns = std::min(fit, entries_.size());
  rows_ = (entries_.size() + columns - 1) / columns;
}

double Legend::height() const { return static_cast<double>(rows_) * kRowHeight; }

void Legend::draw(SvgWriter& svg, double x, double y) const {
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const double left = x + static_cast<double>(i / rows_) * column_width_;
    const double y_mid = y + (static_cast<double>(i % rows_) + 0.5) * kRowHeight;
    draw_swatch(svg, entries_[i], left, y_mid);
    svg.text(left + kSwatchWidth + kSwatchGap, y_mid + kFont * 0.35,
             fit_text(entries_[i].label, label_width_, kFont),
             {.font_size = kFont, .role = TextRole::legend});
  }
}

}  // namespace lstmbench::charts
