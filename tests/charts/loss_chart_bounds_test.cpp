// The loss chart does bounded work for any series a run can leave behind: none, one point,
// NaN or infinite losses, validation longer or shorter than training, values so close together
// or so small that an axis step underflows. Each document is checked to be small and valid.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "chart_test_support.hpp"
#include "charts/charts.hpp"

namespace lstmbench::charts {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kDenormal = std::numeric_limits<double>::denorm_min();

// A few hundred epochs of two series draw well under this; a runaway axis draws far more.
constexpr std::size_t kMaxBytes = 64 * 1024;

struct Case {
  const char* what;
  std::vector<double> training;
  std::vector<double> validation;
};

const std::vector<Case>& cases() {
  static const std::vector<Case> all = {
      {"no epochs", {}, {}},
      {"one epoch", {0.5}, {}},
      {"one epoch with its validation", {0.5}, {0.4}},
      {"all NaN", {kNaN, kNaN}, {kNaN, kNaN}},
      {"infinite losses", {kInf, -kInf, 0.3}, {kInf}},
      {"validation longer than training", {0.9, 0.8}, {kNaN, kNaN, kNaN, kNaN, 0.7}},
      {"training longer than validation", {0.9, 0.8, 0.7, 0.6}, {0.95}},
      {"only a NaN validation", {}, {kNaN}},
      {"a subnormal loss", {kDenormal}, {}},
      {"a subnormal and a normal loss", {kDenormal, 1.0}, {kNaN, kDenormal}},
      {"two losses a rounding apart", {100.0, std::nextafter(100.0, 200.0)}, {100.0}},
      {"large losses a rounding apart", {1e18, 1e18 + 4096}, {}},
      {"the whole double range", {std::numeric_limits<double>::max(), -1e308}, {1e-308}},
  };
  return all;
}

TEST(LossChartBounds, AnySeriesGivesASmallValidDocument) {
  for (const Case& c : cases()) {
    const LossChart chart{
        .labels = {.title = "Loss", .x_label = "epoch", .y_label = "loss"},
        .series = {{.name = "case", .training = c.training, .validation = c.validation}}};
    const Svg svg = loss_chart(chart);
    EXPECT_LT(svg.text.size(), kMaxBytes) << c.what;
    EXPECT_LT(svg.text_boxes.size(), 100u) << c.what;
    EXPECT_EQ(svg.text.find("nan"), std::string::npos) << c.what;
    EXPECT_EQ(svg.text.find("inf"), std::string::npos) << c.what;
    testing::expect_valid_svg(svg, c.what);
  }
}

TEST(LossChartBounds, ASeriesWithoutAFiniteLossSaysNoData) {
  const LossChart chart{
      .labels = {.title = "Loss"},
      .series = {{.name = "timed out", .training = {kNaN}, .validation = {kNaN}}}};
  const Svg svg = loss_chart(chart);
  EXPECT_NE(svg.text.find("no data"), std::string::npos) << svg.text;
}

TEST(LossChartBounds, AShortSeriesBesideALongOneIsDrawn) {
  // A case cut short after two epochs next to one that finished ten.
  LossChart chart{.labels = {.title = "Loss", .x_label = "epoch", .y_label = "loss"}};
  chart.series.push_back({.name = "finished", .training = std::vector<double>(10, 0.5)});
  chart.series.back().training.back() = 0.25;
  chart.series.push_back({.name = "cut short", .training = {0.6, 0.55}, .validation = {}});
  const Svg svg = loss_chart(chart);
  EXPECT_NE(svg.text.find("cut short (training)"), std::string::npos);
  EXPECT_LT(svg.text.size(), kMaxBytes);
}

}  // namespace
}  // namespace lstmbench::charts
