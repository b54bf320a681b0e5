// Output tests: each chart type rendered from a small fixed input and compared with the
// SVG in tests/golden/charts/, so any change of structure or layout shows up in review.
// Regenerate after an intended change with
//   LSTMBENCH_UPDATE_GOLDEN=1 ./build/<dir>/tests/charts/charts_test
// and review `git diff tests/golden/charts` before committing it.
#include <gtest/gtest.h>

#include "../report/golden.hpp"
#include "chart_test_support.hpp"
#include "sample_charts.hpp"

namespace lstmbench::charts {
namespace {

using report::testing::expect_matches_golden;

TEST(ChartGolden, GroupedBars) {
  expect_matches_golden("charts/grouped_bars.svg",
                        grouped_bar_chart(testing::sample_grouped_bars()).text);
}

TEST(ChartGolden, Speedups) {
  expect_matches_golden("charts/speedups.svg", speedup_chart(testing::sample_speedups()).text);
}

TEST(ChartGolden, Losses) {
  expect_matches_golden("charts/losses.svg", loss_chart(testing::sample_losses()).text);
}

TEST(ChartGolden, TimeToTarget) {
  expect_matches_golden("charts/time_to_target.svg",
                        time_to_target_chart(testing::sample_time_to_target()).text);
}

TEST(ChartGolden, NoData) {
  expect_matches_golden("charts/no_data.svg",
                        grouped_bar_chart({.labels = {.title = "Time per epoch"}}).text);
}

}  // namespace
}  // namespace lstmbench::charts
