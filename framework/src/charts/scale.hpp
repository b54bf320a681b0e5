// Value axes: which scale a range of values gets (linear, or logarithmic when it spans many
// factors) and the tick values on it (1-2-5 steps on a linear axis, decades or powers of two
// on a logarithmic one). Internal to the charts module; docs/charts.md states the rules.
#pragma once

#include <span>
#include <string>
#include <vector>

namespace lstmbench::charts {

// A linear axis would squash the small values of a range wider than this many decades
// (a factor of about 32) into a few pixels, so such ranges get a logarithmic axis.
inline constexpr double kLogDecades = 1.5;

// A speed-up axis spanning more than this factor (two doublings) is drawn in powers of two.
inline constexpr double kLog2Span = 4.0;

struct Tick {
  double value = 0;
  std::string label;
};

class Scale {
 public:
  enum class Kind { linear, log10, log2 };

  // A linear axis over [lo, hi] widened to whole 1-2-5 steps, about `target_ticks` of them. Equal
  // or all but equal ends (closer than 1e-9 of their size) get a band around them, and values
  // all smaller than 1e-300 the axis [0, 1], so the number of ticks stays about target_ticks.
  static Scale linear(double lo, double hi, int target_ticks = 5);
  // Like linear, but every step is a whole number (epochs): ticks at multiples of the step
  // inside [lo, hi], which is not widened.
  static Scale integers(double lo, double hi, int target_ticks = 8);
  // From the round number (1, 2 or 5 times a power of ten) at or below lo to the one at or
  // above hi; ticks at 1-2-5 steps over up to 2.5 decades, else at decades (every other one,
  // and so on, when there are many) and the ends. REQUIRES: 0 < lo <= hi; both are clamped to
  // [1e-300, 1e300], where powers of ten neither underflow nor overflow.
  static Scale decades(double lo, double hi);
  // Powers of two around [lo, hi], one tick per power. REQUIRES: 0 < lo <= hi (clamped as above).
  static Scale powers_of_two(double lo, double hi);

  Kind kind() const { return kind_; }
  bool logarithmic() const { return kind_ != Kind::linear; }
  double lo() const { return lo_; }
  double hi() const { return hi_; }
  const std::vector<Tick>& ticks() const { return ticks_; }

  // RETURNS: where value lies on the axis, 0 at lo and 1 at hi (outside [0, 1] when value
  // is outside the domain, at most 1000 away; values <= 0 on a logarithmic axis map to 0).
  double fraction(double value) const;

 private:
  Scale(Kind kind, double lo, double hi) : kind_(kind), lo_(lo), hi_(hi) {}

  Kind kind_;
  double lo_;
  double hi_;
  std::vector<Tick> ticks_;
};

// RETURNS: whether positive values from lo to hi span more than kLogDecades decades.
bool wants_log(double lo, double hi);

// The finite values of a sample, for choosing a scale.
struct Range {
  double lo = 0;
  double hi = 0;
  bool any = false;      // at least one finite value
  bool positive = true;  // every finite value > 0
  void add(double value);
};

// RETURNS: the value axis of a bar chart over range (REQUIRES: range.any): decades when the
// range wants a logarithmic axis, else linear including zero. The decades start below the
// smallest value, so that no bar has zero length.
Scale bar_scale(const Range& range);

// RETURNS: label + " (log scale)" when the scale is logarithmic, label otherwise.
std::string axis_caption(const std::string& label, const Scale& scale);

}  // namespace lstmbench::charts
