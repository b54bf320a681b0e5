// (a) Grouped bars: time per epoch by configuration, one bar per backend/device.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "charts/chart_frame.hpp"
#include "charts/charts.hpp"
#include "charts/legend.hpp"
#include "charts/style.hpp"

namespace lstmbench::charts {
namespace {

constexpr double kPlotHeight = 300;
constexpr double kMinPlotWidth = 360;
// Past this width a chart no longer fits a report page even scaled; more groups make thinner
// bars instead.
constexpr double kMaxPlotWidth = 1800;
constexpr double kPreferredBarWidth = 12;
constexpr double kMaxCategoryLabelWidth = 200;
constexpr double kSin45 = std::numbers::sqrt2 / 2;

double value_at(const BarSeries& series, std::size_t group) {
  return group < series.values.size() ? series.values[group] : kMissing;
}

// How the group names under the axis are set: straight when each fits its slot, else at
// 45 degrees, every `stride`-th one when even slanted neighbours would touch.
struct CategoryLabels {
  std::vector<std::string> texts;
  bool slanted = false;
  std::size_t stride = 1;
  double band_height = 0;  // space they take below the plot
};

CategoryLabels layout_categories(const std::vector<std::string>& groups, double slot) {
  CategoryLabels labels;
  double widest = 0;
  for (const std::string& group : groups) {
    labels.texts.push_back(fit_text(group, kMaxCategoryLabelWidth, kTickFont));
    widest = std::max(widest, text_width(labels.texts.back(), kTickFont));
  }
  if (widest <= slot - 6) {
    labels.band_height = kTickFont + 10;
    return labels;
  }
  labels.slanted = true;
  // Parallel slanted lines `slot` apart horizontally are slot * sin 45 apart; they need a
  // line height (1.4 em) between them.
  labels.stride = static_cast<std::size_t>(std::ceil(kTickFont * 1.4 / (slot * kSin45)));
  labels.stride = std::max<std::size_t>(1, labels.stride);
  labels.band_height = 8 + widest * kSin45 + kTickFont + 6;
  return labels;
}

// Where the bars go: one slot per group, a gap between groups, bars side by side in a slot.
struct Slots {
  double slot = 0;
  double gap = 0;
  double bar_width = 0;
  double bar_left(const PlotArea& plot, std::size_t group, std::size_t series) const {
    return plot.left + static_cast<double>(group) * slot + gap / 2 +
           static_cast<double>(series) * bar_width;
  }
};

Slots layout_slots(std::size_t group_count, std::size_t series_count) {
  const double preferred = static_cast<double>(group_count) *
                           (static_cast<double>(series_count) * kPreferredBarWidth + 16);
  Slots slots;
  slots.slot =
      std::clamp(preferred, kMinPlotWidth, kMaxPlotWidth) / static_cast<double>(group_count);
  slots.gap = std::max(4.0, slots.slot * 0.2);
  slots.bar_width = (slots.slot - slots.gap) / static_cast<double>(series_count);
  return slots;
}

// A bar per finite value; a "×" (and "skipped", where the bar is wide enough) per missing one.
void draw_bars(SvgWriter& svg, const GroupedBarChart& chart, const Scale& scale,
               const PlotArea& plot, const Slots& slots) {
  const double base = scale.logarithmic() ? plot.bottom() : plot.y(scale, 0.0);
  const std::string bar_stroke = fmt::format("stroke=\"{}\" stroke-width=\"0.5\"", kAxisColour);
  for (std::size_t g = 0; g < chart.groups.size(); ++g) {
    for (std::size_t s = 0; s < chart.series.size(); ++s) {
      const double x = slots.bar_left(plot, g, s);
      const double value = value_at(chart.series[s], g);
      const std::string where = fmt::format("{} · {}", chart.series[s].name, chart.groups[g]);
      if (!std::isfinite(value)) {
        const double mid = x + slots.bar_width / 2;
        svg.path(cross_path(mid, base - 5, std::min(7.0, slots.bar_width)),
                 fmt::format("stroke=\"{}\" stroke-width=\"1.2\" fill=\"none\"", kNoteColour),
                 where + ": skipped");
        if (slots.bar_width >= kNoteFont * 1.3) {
          svg.text(mid + kNoteFont * 0.35, base - 12, "skipped",
                   {.font_size = kNoteFont,
                    .angle_deg = -90,
                    .role = TextRole::note,
                    .extra_attrs = "fill=\"#666666\""});
        }
        continue;
      }
      const double top = plot.y(scale, value);
      svg.rect(x, std::min(top, base), slots.bar_width, std::fabs(base - top),
               bar_fill(s) + " " + bar_stroke, fmt::format("{}: {}", where, short_number(value)));
    }
  }
}

void draw_categories(SvgWriter& svg, const CategoryLabels& categories, const PlotArea& plot,
                     double slot) {
  for (std::size_t g = 0; g < categories.texts.size(); g += categories.stride) {
    const double center = plot.left + (static_cast<double>(g) + 0.5) * slot;
    if (categories.slanted) {
      svg.text(center + kTickFont * 0.3, plot.bottom() + 10, categories.texts[g],
               {.font_size = kTickFont,
                .anchor = Anchor::end,
                .angle_deg = -45,
                .role = TextRole::category_label});
    } else {
      svg.text(
          center, plot.bottom() + kTickFont + 6, categories.texts[g],
          {.font_size = kTickFont, .anchor = Anchor::middle, .role = TextRole::category_label});
    }
  }
}

}  // namespace

Svg grouped_bar_chart(const GroupedBarChart& chart) {
  const std::size_t group_count = chart.groups.size();
  const std::size_t series_count = chart.series.size();
  Range range;
  bool any_skipped = false;
  for (const BarSeries& series : chart.series) {
    for (std::size_t g = 0; g < group_count; ++g) {
      range.add(value_at(series, g));
      any_skipped = any_skipped || !std::isfinite(value_at(series, g));
    }
  }
  if (group_count == 0 || series_count == 0 || !range.any) return no_data_chart(chart.labels);

  const Scale scale = bar_scale(range);
  const std::string y_caption = axis_caption(chart.labels.y_label, scale);

  const Slots slots = layout_slots(group_count, series_count);
  const double plot_width = slots.slot * static_cast<double>(group_count);
  const CategoryLabels categories = layout_categories(chart.groups, slots.slot);

  double left = kMargin + (y_caption.empty() ? 0 : kCaptionFont + 8) + tick_label_width(scale) + 8;
  if (categories.slanted) {
    const double first = text_width(categories.texts.front(), kTickFont);
    // The first slanted label reaches left of its slot.
    left = std::max(left, kMargin + first * kSin45 + kTickFont - slots.slot / 2);
  }
  const double width = left + plot_width + kMargin + 8;
  const PlotArea plot{
      .left = left, .top = kTitleBand + 8, .width = plot_width, .height = kPlotHeight};

  std::vector<LegendEntry> entries;
  for (std::size_t s = 0; s < series_count; ++s) {
    entries.push_back(
        {.label = chart.series[s].name, .swatch = LegendEntry::Swatch::bar, .series = s});
  }
  if (any_skipped) entries.push_back({.label = "skipped", .swatch = LegendEntry::Swatch::skipped});
  const Legend legend(std::move(entries), width - 2 * kMargin);

  const double caption_y = plot.bottom() + categories.band_height + kCaptionFont;
  const double legend_y = caption_y + (chart.labels.x_label.empty() ? 0 : 10);
  const double height = legend_y + legend.height() + kMargin;

  SvgWriter svg(width, height, chart.labels.title);
  svg.raw(pattern_defs(series_count));
  draw_title(svg, chart.labels.title, width);
  draw_y_axis(svg, scale, plot);
  draw_bars(svg, chart, scale, plot, slots);
  draw_axis_lines(svg, plot);
  draw_categories(svg, categories, plot, slots.slot);
  draw_y_caption(svg, y_caption, kMargin + kCaptionFont * 0.8, plot);
  draw_x_caption(svg, chart.labels.x_label, caption_y, plot);
  legend.draw(svg, kMargin, legend_y);
  return std::move(svg).finish();
}

}  // namespace lstmbench::charts
