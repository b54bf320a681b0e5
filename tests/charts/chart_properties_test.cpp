// Properties every chart must keep whatever the data: well-formed SVG, escaped text, no
// non-finite numbers in the markup, labels that never overlap and stay inside the picture,
// and the automatic choice of a logarithmic axis.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <set>
#include <sstream>

#include "chart_test_support.hpp"
#include "charts/charts.hpp"
#include "sample_charts.hpp"

namespace lstmbench::charts {
namespace {

using testing::kInf;
using testing::kNaN;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::vector<TextBox> boxes_with(const Svg& svg, TextRole role) {
  std::vector<TextBox> out;
  std::copy_if(svg.text_boxes.begin(), svg.text_boxes.end(), std::back_inserter(out),
               [&](const TextBox& box) { return box.role == role; });
  return out;
}

bool has_text(const Svg& svg, const std::string& text) {
  return std::any_of(svg.text_boxes.begin(), svg.text_boxes.end(),
                     [&](const TextBox& box) { return box.text == text; });
}

// No two text elements share area, and every one lies inside the viewBox.
void expect_clean_layout(const Svg& svg) {
  const auto& boxes = svg.text_boxes;
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    const double angle = boxes[i].angle_deg * std::numbers::pi / 180.0;
    const double reach_x = std::fabs(boxes[i].half_width * std::cos(angle)) +
                           std::fabs(boxes[i].half_height * std::sin(angle));
    const double reach_y = std::fabs(boxes[i].half_width * std::sin(angle)) +
                           std::fabs(boxes[i].half_height * std::cos(angle));
    EXPECT_GE(boxes[i].center_x - reach_x, 0) << "'" << boxes[i].text << "' leaves on the left";
    EXPECT_LE(boxes[i].center_x + reach_x, svg.width) << "'" << boxes[i].text << "' on the right";
    EXPECT_GE(boxes[i].center_y - reach_y, 0) << "'" << boxes[i].text << "' leaves at the top";
    EXPECT_LE(boxes[i].center_y + reach_y, svg.height) << "'" << boxes[i].text << "' at the bottom";
    for (std::size_t j = i + 1; j < boxes.size(); ++j) {
      EXPECT_FALSE(overlaps(boxes[i], boxes[j]))
          << "'" << boxes[i].text << "' overlaps '" << boxes[j].text << "'";
    }
  }
}

// `series` series over `groups` groups, values spread over three decades, a few skipped.
GroupedBarChart many_bars(std::size_t series, std::size_t groups) {
  GroupedBarChart chart{.labels = {.title = "Time per epoch",
                                   .x_label = "configuration",
                                   .y_label = "time per epoch (ms)"}};
  for (std::size_t g = 0; g < groups; ++g) {
    chart.groups.push_back("batch " + std::to_string(16 << (g % 4)) + " · lr 0.00" +
                           std::to_string(g + 1));
  }
  for (std::size_t s = 0; s < series; ++s) {
    BarSeries bars{.name =
                       "backend " + std::to_string(s) + " (device " + std::to_string(s % 3) + ")"};
    for (std::size_t g = 0; g < groups; ++g) {
      const bool skipped = (g * 7 + s) % 11 == 0;
      bars.values.push_back(skipped ? kNaN : std::pow(10.0, static_cast<double>((g + s) % 7) / 2));
    }
    chart.series.push_back(std::move(bars));
  }
  return chart;
}

}  // namespace

TEST(ChartSvg, SamplesAreWellFormedAndSelfContained) {
  testing::expect_valid_svg(grouped_bar_chart(testing::sample_grouped_bars()), "grouped bars");
  testing::expect_valid_svg(speedup_chart(testing::sample_speedups()), "speed-ups");
  testing::expect_valid_svg(loss_chart(testing::sample_losses()), "losses");
  testing::expect_valid_svg(time_to_target_chart(testing::sample_time_to_target()),
                            "time to target");
}

TEST(ChartSvg, EmptyInputSaysNoData) {
  const ChartLabels labels{.title = "Empty"};
  for (const Svg& svg : {grouped_bar_chart({.labels = labels}), speedup_chart({.labels = labels}),
                         loss_chart({.labels = labels}), time_to_target_chart({.labels = labels}),
                         grouped_bar_chart({.labels = labels, .groups = {"a"}, .series = {}}),
                         loss_chart({.labels = labels, .series = {{.name = "x"}}})}) {
    EXPECT_TRUE(has_text(svg, "no data")) << svg.text;
    testing::expect_valid_svg(svg, "empty input");
  }
}

TEST(ChartSvg, EscapesTextInTitlesLabelsAndNames) {
  const std::string nasty = "<&> \"quoted\" 'it'";
  const ChartLabels labels{.title = nasty, .x_label = nasty, .y_label = nasty};
  auto bars = testing::sample_grouped_bars();
  bars.labels = labels;
  bars.groups[0] = nasty;
  bars.series[0].name = nasty;
  auto speedups = testing::sample_speedups();
  speedups.labels = labels;
  speedups.rows[0].label = nasty;
  auto losses = testing::sample_losses();
  losses.labels = labels;
  losses.series[0].name = nasty;
  auto times = testing::sample_time_to_target();
  times.labels = labels;
  times.series[0].name = nasty;
  for (const Svg& svg : {grouped_bar_chart(bars), speedup_chart(speedups), loss_chart(losses),
                         time_to_target_chart(times)}) {
    EXPECT_TRUE(
        contains(svg.text, "<title>&lt;&amp;&gt; &quot;quoted&quot; &apos;it&apos;</title>"))
        << svg.text;
    EXPECT_FALSE(contains(svg.text, "<&>"));
    testing::expect_valid_svg(svg, "escaping");
  }
}

TEST(ChartSvg, NonFiniteValuesAreSkippedNotDrawn) {
  GroupedBarChart bars = testing::sample_grouped_bars();
  bars.series[0].values = {kInf, -kInf, kNaN};
  bars.series[1].values = {1e308, -1e308, 5};  // finite, but too far apart to subtract
  SpeedupChart speedups = testing::sample_speedups();
  speedups.rows[0] = {.label = "odd", .ratio = kInf, .low = kNaN, .high = kInf};
  speedups.rows[1].low = -kInf;
  LossChart losses = testing::sample_losses();
  losses.series[1].training = {kNaN, kInf, 0.5, -kInf};
  TimeToTargetChart times = testing::sample_time_to_target();
  times.series[0].value = -kInf;
  for (const Svg& svg : {grouped_bar_chart(bars), speedup_chart(speedups), loss_chart(losses),
                         time_to_target_chart(times)}) {
    // check_svg.py fails on any "nan" or "inf" in an attribute.
    testing::expect_valid_svg(svg, "non-finite values");
  }
}

TEST(GroupedBars, LogAxisForAThreeDecadeSpan) {
  GroupedBarChart chart = testing::sample_grouped_bars();
  chart.series = {{.name = "a", .values = {1.5, 20, 950}}};
  const Svg svg = grouped_bar_chart(chart);
  EXPECT_TRUE(has_text(svg, "time per epoch (ms) (log scale)"));
  for (const char* decade : {"1", "10", "100", "1000"}) EXPECT_TRUE(has_text(svg, decade));
}

TEST(GroupedBars, LinearAxisForOneDecade) {
  GroupedBarChart chart = testing::sample_grouped_bars();
  chart.series = {{.name = "a", .values = {10, 20, 95}}};
  const Svg svg = grouped_bar_chart(chart);
  EXPECT_TRUE(has_text(svg, "time per epoch (ms)"));
  EXPECT_FALSE(contains(svg.text, "log scale"));
  EXPECT_TRUE(has_text(svg, "0"));  // a linear bar axis starts at zero
}

TEST(GroupedBars, SkippedValueIsAGapWithAMark) {
  const Svg svg = grouped_bar_chart(testing::sample_grouped_bars());
  EXPECT_TRUE(contains(svg.text, "<title>onednn (cpu) · batch 64 · lr 0.001: skipped</title>"));
  EXPECT_FALSE(contains(svg.text,
                        "<title>onednn (cpu) · batch 64 · lr 0.001: "
                        "n/a</title>"));
  EXPECT_TRUE(has_text(svg, "skipped"));  // in the legend at least
}

TEST(GroupedBars, SixteenSeriesOverTwentyFourGroupsKeepLabelsApart) {
  const Svg svg = grouped_bar_chart(many_bars(16, 24));
  expect_clean_layout(svg);
  EXPECT_EQ(boxes_with(svg, TextRole::category_label).size(), 24u);
  // The legend wraps into several columns and rows.
  std::set<double> columns, rows;
  for (const TextBox& box : boxes_with(svg, TextRole::legend)) {
    columns.insert(std::round(box.center_x - box.half_width));
    rows.insert(std::round(box.center_y));
  }
  EXPECT_GT(columns.size(), 1u);
  EXPECT_GT(rows.size(), 1u);
  // Series past the eighth reuse a colour with a pattern on top.
  EXPECT_TRUE(contains(svg.text, "fill=\"url(#lb-fill-9)\""));
  EXPECT_TRUE(contains(svg.text, "<pattern id=\"lb-fill-9\""));
  testing::expect_valid_svg(svg, "16 series x 24 groups");
}

TEST(GroupedBars, CrowdedGroupLabelsAreThinned) {
  const Svg svg = grouped_bar_chart(many_bars(4, 200));
  expect_clean_layout(svg);
  const std::size_t shown = boxes_with(svg, TextRole::category_label).size();
  EXPECT_LT(shown, 200u);
  EXPECT_GT(shown, 20u);
}

TEST(GroupedBars, MoreLegendRowsMakeATallerChart) {
  // Same groups (so the same label band): only the legend differs, one row against two.
  EXPECT_GT(grouped_bar_chart(many_bars(16, 24)).height,
            grouped_bar_chart(many_bars(4, 24)).height);
}

TEST(Speedups, PowersOfTwoAxisForAWideRange) {
  SpeedupChart chart = testing::sample_speedups();
  chart.rows[0] = {.label = "cudnn vs reference", .ratio = 6.5, .low = 5.9, .high = 7.1};
  chart.rows[1] = {.label = "slow", .ratio = 0.3, .low = 0.28, .high = 0.33};
  const Svg svg = speedup_chart(chart);
  EXPECT_TRUE(has_text(svg, "speed-up (×) (log scale)"));
  for (const char* tick : {"0.25", "1", "8"}) EXPECT_TRUE(has_text(svg, tick)) << tick;
  expect_clean_layout(svg);
}

TEST(Speedups, LinearAxisAroundOneWithAMissingRow) {
  const Svg svg = speedup_chart(testing::sample_speedups());
  EXPECT_FALSE(contains(svg.text, "log scale"));
  EXPECT_TRUE(has_text(svg, "1.0"));
  EXPECT_TRUE(has_text(svg, "no value"));
  EXPECT_TRUE(contains(svg.text, "onednn vs reference: 1.8× (95% interval 1.6–2.05)"));
  expect_clean_layout(svg);
}

TEST(Speedups, OneRowPerComparisonGrowsTheChart) {
  SpeedupChart chart = testing::sample_speedups();
  const double three = speedup_chart(chart).height;
  for (int i = 0; i < 13; ++i)
    chart.rows.push_back({.label = "row " + std::to_string(i), .ratio = 1.0 + i * 0.1});
  const Svg svg = speedup_chart(chart);
  EXPECT_GT(svg.height, three + 12 * 20);
  expect_clean_layout(svg);
}

TEST(Losses, LogAxisWhenTheLossFallsByDecades) {
  LossChart chart = testing::sample_losses();
  chart.series[0].training = {2.0, 0.2, 0.02, 0.004};
  const Svg svg = loss_chart(chart);
  EXPECT_TRUE(has_text(svg, "loss (MSE) (log scale)"));
  EXPECT_FALSE(contains(loss_chart(testing::sample_losses()).text, "log scale"));
}

TEST(Losses, AGapBreaksTheLineAndValidationIsDashed) {
  const std::string svg = loss_chart(testing::sample_losses()).text;
  const auto start = svg.find("<path d=\"", svg.rfind("\n", svg.find("reference (validation)")));
  ASSERT_NE(start, std::string::npos);
  const std::string validation = svg.substr(start, svg.find('"', start + 9) - start);
  // Epoch 3 has no validation loss: two segments, each starting with a move.
  EXPECT_EQ(std::count(validation.begin(), validation.end(), 'M'), 2) << validation;
  EXPECT_TRUE(contains(svg, "stroke-dasharray=\"6 4\""));
  EXPECT_TRUE(
      has_text(loss_chart(testing::sample_losses()), "validation (dashed, hollow markers)"));
}

TEST(Losses, TwelveSeriesStayDistinguishableAndApart) {
  LossChart chart{.labels = {.title = "Loss", .x_label = "epoch", .y_label = "loss"}};
  for (int s = 0; s < 12; ++s) {
    LossSeries series{.name = "series " + std::to_string(s)};
    for (int e = 0; e < 40; ++e) series.training.push_back(std::exp(-0.1 * e * (1 + 0.1 * s)));
    chart.series.push_back(std::move(series));
  }
  const Svg svg = loss_chart(chart);
  expect_clean_layout(svg);
  // Series 0 and 8 share the colour; series 0 draws circles (arcs), series 8 squares.
  std::size_t circles = 0, squares = 0;
  std::istringstream lines(svg.text);
  for (std::string line; std::getline(lines, line);) {
    if (!contains(line, "<path") || !contains(line, "fill=\"#E69F00\"")) continue;
    circles += contains(line, "a3.5 3.5 0 1 0 7 0") ? 1 : 0;
    squares += contains(line, "h7v7h-7Z") ? 1 : 0;
  }
  EXPECT_GE(circles, 1u);  // markers of series 0 (and its legend swatch)
  EXPECT_GE(squares, 1u);  // markers of series 8
  EXPECT_EQ(boxes_with(svg, TextRole::legend).size(), 12u);
  testing::expect_valid_svg(svg, "12 loss series");
}

TEST(TimeToTarget, SeriesThatNeverGotThereSayNotReached) {
  const Svg svg = time_to_target_chart(testing::sample_time_to_target());
  EXPECT_TRUE(has_text(svg, "not reached"));
  EXPECT_TRUE(has_text(svg, "12.5"));
  EXPECT_TRUE(contains(svg.text, "<title>onednn: 3.2</title>"));
  expect_clean_layout(svg);
}

TEST(TimeToTarget, NobodyReachedTheTarget) {
  TimeToTargetChart chart = testing::sample_time_to_target();
  for (auto& series : chart.series) series.value = kNaN;
  const Svg svg = time_to_target_chart(chart);
  EXPECT_EQ(boxes_with(svg, TextRole::note).size(), 3u);
  EXPECT_TRUE(boxes_with(svg, TextRole::tick_label).empty());
  testing::expect_valid_svg(svg, "nobody reached the target");
}

TEST(TimeToTarget, SixteenSeriesOnALogAxis) {
  TimeToTargetChart chart{.labels = {.title = "Time to loss 0.1", .x_label = "time (s)"}};
  for (int s = 0; s < 16; ++s) {
    chart.series.push_back({.name = "backend " + std::to_string(s),
                            .value = s % 5 == 4 ? kNaN : std::pow(10.0, s / 5.0)});
  }
  const Svg svg = time_to_target_chart(chart);
  EXPECT_TRUE(has_text(svg, "time (s) (log scale)"));
  expect_clean_layout(svg);
}

}  // namespace lstmbench::charts
