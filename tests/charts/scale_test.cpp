// Axis scales: when a range gets a logarithmic axis, and which ticks each kind of axis shows.
#include "charts/scale.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace lstmbench::charts {
namespace {

std::vector<std::string> labels(const Scale& scale) {
  std::vector<std::string> out;
  for (const Tick& tick : scale.ticks()) out.push_back(tick.label);
  return out;
}

TEST(WantsLog, MoreThanOneAndAHalfDecades) {
  EXPECT_TRUE(wants_log(1, 1000));   // three decades
  EXPECT_TRUE(wants_log(1, 40));     // 1.6 decades
  EXPECT_FALSE(wants_log(1, 30));    // 1.48 decades
  EXPECT_FALSE(wants_log(0, 1000));  // zero has no logarithm
  EXPECT_FALSE(wants_log(-1, 1000));
}

TEST(Range, IgnoresNonFiniteValues) {
  Range range;
  range.add(std::numeric_limits<double>::quiet_NaN());
  EXPECT_FALSE(range.any);
  range.add(3);
  range.add(std::numeric_limits<double>::infinity());
  range.add(-2);
  EXPECT_TRUE(range.any);
  EXPECT_EQ(range.lo, -2);
  EXPECT_EQ(range.hi, 3);
  EXPECT_FALSE(range.positive);
}

TEST(LinearScale, OneTwoFiveSteps) {
  const Scale a = Scale::linear(0, 9.3);
  EXPECT_EQ(labels(a), (std::vector<std::string>{"0", "2", "4", "6", "8", "10"}));
  EXPECT_EQ(a.hi(), 10);
  const Scale b = Scale::linear(0.85, 2.05);
  EXPECT_EQ(labels(b),
            (std::vector<std::string>{"0.8", "1.0", "1.2", "1.4", "1.6", "1.8", "2.0", "2.2"}));
  const Scale c = Scale::linear(0, 430);
  EXPECT_EQ(labels(c), (std::vector<std::string>{"0", "100", "200", "300", "400", "500"}));
}

TEST(LinearScale, DegenerateRangesStillHaveTwoTicks) {
  EXPECT_GE(Scale::linear(0, 0).ticks().size(), 2u);
  EXPECT_GE(Scale::linear(5, 5).ticks().size(), 2u);
  EXPECT_LT(Scale::linear(5, 5).lo(), 5);
  EXPECT_GT(Scale::linear(5, 5).hi(), 5);
}

TEST(LinearScale, ExtremeFiniteValuesGiveFiniteTicks) {
  const double big = std::numeric_limits<double>::max();
  const Scale scale = Scale::linear(-big, big);
  ASSERT_FALSE(scale.ticks().empty());
  for (const Tick& tick : scale.ticks()) EXPECT_TRUE(std::isfinite(tick.value)) << tick.label;
  EXPECT_TRUE(std::isfinite(scale.fraction(0)));
}

TEST(LinearScale, AllButEqualOrSubnormalEndsKeepAFewTicks) {
  // Ends a rounding apart once made value / step pass 2^53, where ++i stops counting; a
  // subnormal made the step 0. Both are bands with a handful of ticks now.
  const Scale close = Scale::linear(100.0, std::nextafter(100.0, 200.0));
  EXPECT_LE(close.ticks().size(), 12u);
  EXPECT_LT(close.lo(), 100.0);
  EXPECT_GT(close.hi(), 100.0);
  const double tiny = std::numeric_limits<double>::denorm_min();
  const Scale sub = Scale::linear(tiny, tiny);
  EXPECT_LE(sub.ticks().size(), 12u);
  EXPECT_GE(sub.ticks().size(), 2u);
}

TEST(DecadeScale, SubnormalLowEndStaysBounded) {
  const Scale scale = Scale::decades(std::numeric_limits<double>::denorm_min(), 1.0);
  EXPECT_GT(scale.lo(), 0.0);
  EXPECT_LE(scale.ticks().size(), 12u);
  for (const Tick& tick : scale.ticks()) EXPECT_TRUE(std::isfinite(tick.value)) << tick.label;
}

TEST(LinearScale, FractionMapsTheDomainToTheUnitInterval) {
  const Scale scale = Scale::linear(0, 8);
  EXPECT_DOUBLE_EQ(scale.fraction(0), 0);
  EXPECT_DOUBLE_EQ(scale.fraction(2), 0.25);
  EXPECT_DOUBLE_EQ(scale.fraction(8), 1);
}

TEST(IntegerScale, WholeEpochSteps) {
  EXPECT_EQ(labels(Scale::integers(1, 5)), (std::vector<std::string>{"1", "2", "3", "4", "5"}));
  EXPECT_EQ(labels(Scale::integers(1, 40)),
            (std::vector<std::string>{"5", "10", "15", "20", "25", "30", "35", "40"}));
  const Scale one = Scale::integers(1, 1);
  EXPECT_LT(one.lo(), 1);
  EXPECT_GT(one.hi(), 1);
}

TEST(DecadeScale, TickPerDecadeOverThreeDecades) {
  const Scale scale = Scale::decades(1, 1000);
  EXPECT_TRUE(scale.logarithmic());
  EXPECT_EQ(labels(scale), (std::vector<std::string>{"1", "10", "100", "1000"}));
  EXPECT_NEAR(scale.fraction(10), 1.0 / 3, 1e-12);
  // Exact powers of ten stay on their own decade.
  EXPECT_EQ(labels(Scale::decades(0.001, 1)),
            (std::vector<std::string>{"0.001", "0.01", "0.1", "1"}));
}

TEST(DecadeScale, EndsOnRoundNumbersAndLabelsThem) {
  const Scale scale = Scale::decades(2.5, 812.5);
  EXPECT_EQ(scale.lo(), 2);
  EXPECT_EQ(scale.hi(), 1000);
  EXPECT_EQ(labels(scale), (std::vector<std::string>{"2", "10", "100", "1000"}));
  EXPECT_EQ(labels(Scale::decades(0.004, 30)),
            (std::vector<std::string>{"0.002", "0.01", "0.1", "1", "10", "50"}));
}

TEST(DecadeScale, OneTwoFiveTicksOverAFewDecades) {
  const Scale scale = Scale::decades(0.3, 15);
  EXPECT_EQ(labels(scale), (std::vector<std::string>{"0.2", "0.5", "1", "2", "5", "10", "20"}));
  EXPECT_DOUBLE_EQ(scale.lo(), 0.2);
  EXPECT_DOUBLE_EQ(scale.hi(), 20);
}

TEST(DecadeScale, ManyDecadesAreThinned) {
  const Scale scale = Scale::decades(1e-9, 1e9);
  EXPECT_LE(scale.ticks().size(), 10u);
  EXPECT_EQ(scale.ticks().front().label, "1e-9");
  EXPECT_EQ(scale.ticks().back().label, "1e9");
}

TEST(PowersOfTwoScale, LabelsReadAsRatios) {
  EXPECT_EQ(labels(Scale::powers_of_two(0.3, 6)),
            (std::vector<std::string>{"0.25", "0.5", "1", "2", "4", "8"}));
  EXPECT_EQ(Scale::powers_of_two(0.05, 1).ticks().front().label, "1/32");
}

TEST(BarScale, EveryBarHasLength) {
  Range decades;
  decades.add(1);
  decades.add(1000);
  const Scale log = bar_scale(decades);
  EXPECT_TRUE(log.logarithmic());
  EXPECT_LT(log.lo(), 1);  // the bar of the smallest value is not empty
  Range narrow;
  narrow.add(10);
  narrow.add(20);
  EXPECT_EQ(bar_scale(narrow).lo(), 0);
  Range negative;
  negative.add(-5);
  negative.add(20);
  EXPECT_LE(bar_scale(negative).lo(), -5);
  EXPECT_FALSE(bar_scale(negative).logarithmic());
}

TEST(AxisCaption, SaysWhenTheScaleIsLogarithmic) {
  EXPECT_EQ(axis_caption("ms", Scale::decades(1, 1000)), "ms (log scale)");
  EXPECT_EQ(axis_caption("ms", Scale::linear(1, 10)), "ms");
}

}  // namespace
}  // namespace lstmbench::charts
