// SVG charts for the reports: plain data in, one self-contained SVG document out.
//
// The inputs are deliberately data only (names and numbers), not the runner's result types, so
// the charts neither know nor care where the numbers come from; the report module turns results
// into these structs. What each chart shows, how the axis scale is chosen and the palette are
// described in docs/charts.md.
//
// Every chart:
//   - is valid standalone SVG with a viewBox, a <title> and a white background, text in the
//     generic sans-serif family, no scripts, fonts or external references (renders on GitHub);
//   - escapes all caller text for XML (invalid UTF-8 becomes U+FFFD);
//   - skips non-finite values (NaN, inf) instead of drawing them: a missing value is a gap;
//   - for empty input is a small valid SVG saying "no data".
#pragma once

#include <limits>
#include <string>
#include <vector>

namespace lstmbench::charts {

inline constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

// Every member below has a default ({} or a value), so callers can use designated
// initialisers and name only what they set.

// Captions every chart carries. Units belong in the axis labels ("time per epoch (ms)"); a
// chart that picks a logarithmic axis appends " (log scale)" to that axis's label.
struct ChartLabels {
  std::string title{};
  std::string x_label{};
  std::string y_label{};
};

// (a) Grouped bars: one group per configuration ("batch 32 · lr 0.001"), one bar per series
// (backend/device) in each group. values[i] belongs to groups[i]; a non-finite value, or a
// value past the end of the vector, is a skipped case: a gap with a "skipped" mark.
struct BarSeries {
  std::string name{};
  std::vector<double> values{};
};

struct GroupedBarChart {
  ChartLabels labels{};
  std::vector<std::string> groups{};
  std::vector<BarSeries> series{};
};

// (b) Speed-ups: one row per comparison, a point at the ratio and a whisker over its 95%
// interval (low, high; non-finite when unknown), with a reference line at 1.0.
struct SpeedupRow {
  std::string label{};
  double ratio = kMissing;
  double low = kMissing;
  double high = kMissing;
};

struct SpeedupChart {
  ChartLabels labels{};  // y_label captions the rows and may be empty
  std::vector<SpeedupRow> rows{};
};

// (c) Loss curves: training[i] and validation[i] are the losses after epoch i + 1; a
// non-finite value (not validated that epoch, diverged) breaks the line there.
struct LossSeries {
  std::string name{};
  std::vector<double> training{};
  std::vector<double> validation{};
};

struct LossChart {
  ChartLabels labels{};
  std::vector<LossSeries> series{};
};

// (d) Time to a target loss, one row per series; a non-finite value means the series never
// reached the target and is marked "not reached".
struct TimeToTarget {
  std::string name{};
  double value = kMissing;
};

struct TimeToTargetChart {
  ChartLabels labels{};  // the title should state the target; y_label captions the rows
  std::vector<TimeToTarget> series{};
};

// Where a text element was drawn, as an oriented rectangle estimated from the font size (SVG
// has no font metrics without a renderer). Used to check that labels never overlap.
enum class TextRole { title, axis_label, tick_label, category_label, legend, note };

struct TextBox {
  std::string text{};  // as the caller gave it (possibly shortened with "…"), not escaped
  TextRole role = TextRole::note;
  double center_x = 0;
  double center_y = 0;
  double half_width = 0;   // along the text's direction
  double half_height = 0;  // across it
  double angle_deg = 0;    // rotation, counter-clockwise is negative as in SVG
};

// RETURNS: whether two boxes share any area (touching edges do not count).
bool overlaps(const TextBox& a, const TextBox& b);

struct Svg {
  std::string text{};  // the whole document
  double width = 0;    // viewBox size in user units (pixels at 100%)
  double height = 0;
  std::vector<TextBox> text_boxes{};
};

Svg grouped_bar_chart(const GroupedBarChart& chart);
Svg speedup_chart(const SpeedupChart& chart);
Svg loss_chart(const LossChart& chart);
Svg time_to_target_chart(const TimeToTargetChart& chart);

}  // namespace lstmbench::charts
