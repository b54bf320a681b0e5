// Render test: headless Chromium draws each chart to a PNG, and the picture must have ink in
// it (text and axes) and, where the chart has coloured marks, colour. Catches SVG that is
// well-formed XML but that a browser draws as nothing (a bad viewBox, a transform off the
// page). Skipped, naming the package, where Chromium is not installed.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "chart_test_support.hpp"
#include "sample_charts.hpp"

namespace lstmbench::charts {
namespace {

struct Ink {
  long width = 0;
  long height = 0;
  long non_white = 0;
  long coloured = 0;
};

// Renders svg with Chromium and counts its ink with png_ink.py.
Ink render(const Svg& svg, const std::string& name) {
  testing::ScratchDir dir;
  const auto file = dir.write(name + ".svg", svg.text);
  const auto png = dir.path() / (name + ".png");
  // Headless Chromium's page is shorter than the window it is given, so the window is made
  // taller than the chart; the extra rows are white and do not change the counts.
  const auto width = static_cast<long>(std::ceil(svg.width));
  const auto height = static_cast<long>(std::ceil(svg.height)) + 100;
  const auto shot = testing::run_command(
      "timeout 120 chromium --headless --disable-gpu --no-sandbox --hide-scrollbars "
      "--user-data-dir='" +
      (dir.path() / "profile").string() + "' --screenshot='" + png.string() + "' --window-size=" +
      std::to_string(width) + "," + std::to_string(height) + " 'file://" + file.string() + "'");
  Ink ink;
  if (!std::filesystem::exists(png)) {
    ADD_FAILURE() << "chromium wrote no screenshot of " << name << ":\n" << shot.output;
    return ink;
  }
  const auto count = testing::run_command("python3 '" + testing::script("png_ink.py") + "' '" +
                                          png.string() + "'");
  EXPECT_EQ(count.exit_code, 0) << count.output;
  std::istringstream(count.output) >> ink.width >> ink.height >> ink.non_white >> ink.coloured;
  EXPECT_EQ(ink.width, width);
  return ink;
}

class ChartRender : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::have_program("chromium")) {
      GTEST_SKIP() << "chromium is not installed (Debian package `chromium`; "
                      "scripts/install-deps.sh installs it)";
    }
    if (!testing::have_program("python3")) GTEST_SKIP() << "python3 is not installed";
  }
};

// At least this share of the picture is ink: text, axes and grid alone are a few percent.
constexpr double kMinInkShare = 0.01;

void expect_drawn(const Ink& ink, bool has_colour) {
  const double area = static_cast<double>(ink.width * ink.height);
  EXPECT_GT(static_cast<double>(ink.non_white), kMinInkShare * area)
      << ink.non_white << " non-white pixels of " << area;
  if (has_colour) {
    EXPECT_GT(ink.coloured, 100) << "no coloured marks";
  }
}

TEST_F(ChartRender, GroupedBars) {
  expect_drawn(render(grouped_bar_chart(testing::sample_grouped_bars()), "bars"), true);
}

TEST_F(ChartRender, Speedups) {
  expect_drawn(render(speedup_chart(testing::sample_speedups()), "speedups"), true);
}

TEST_F(ChartRender, Losses) {
  expect_drawn(render(loss_chart(testing::sample_losses()), "losses"), true);
}

TEST_F(ChartRender, TimeToTarget) {
  expect_drawn(render(time_to_target_chart(testing::sample_time_to_target()), "time"), true);
}

TEST_F(ChartRender, NoData) {
  const Ink ink = render(loss_chart({}), "empty");
  EXPECT_GT(ink.non_white, 50) << "the \"no data\" text is not drawn";
}

}  // namespace
}  // namespace lstmbench::charts
