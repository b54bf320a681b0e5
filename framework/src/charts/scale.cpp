#include "charts/scale.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace lstmbench::charts {
namespace {

// Guards floor/ceil of logarithms against rounding (log10(1000) a hair under 3).
constexpr double kLogSlack = 1e-9;

constexpr double kLargest = 1e300;
// The smallest magnitude an axis resolves. Below it powers of ten underflow (subnormals), and a
// step or tick computed there is 0 or inf, which no loop over ticks can be bounded by.
constexpr double kSmallest = 1e-300;
// A linear axis is at least this wide relative to its values: with a narrower one, value / step
// passes 2^53 and counting ticks by ++i stops advancing.
constexpr double kMinRelativeSpan = 1e-9;

// The 1-2-5 step nearest to raw (1, 2, 5, 10, 20, ...).
double nice_step(double raw) {
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double normalized = raw / magnitude;
  const double factor = normalized < 1.5 ? 1 : normalized < 3.5 ? 2 : normalized < 7.5 ? 5 : 10;
  return factor * magnitude;
}

std::string fixed_label(double value, int decimals) {
  if (std::fabs(value) < 1e-12) value = 0.0;
  return fmt::format("{:.{}f}", value, std::max(0, decimals));
}

int decimals_for(double step) {
  return static_cast<int>(-std::floor(std::log10(step) + kLogSlack));
}

// A logarithmic axis spanning up to this many decades gets ticks at 1, 2 and 5 times each
// power of ten (about three per decade); a longer one gets a tick per decade.
constexpr double kDenseLogDecades = 2.5;

constexpr std::array<int, 3> kMantissas = {1, 2, 5};

// The nearest 1, 2 or 5 times a power of ten at or below (at or above, when up) a positive
// value: the round numbers a logarithmic axis ends on.
double round_number(double value, bool up) {
  const int exponent = static_cast<int>(std::floor(std::log10(value)));
  double best = up ? std::numeric_limits<double>::infinity() : 0.0;
  // One decade either side, in case log10 rounded across a power of ten.
  for (int e = exponent - 1; e <= exponent + 2; ++e) {
    for (int mantissa : kMantissas) {
      const double candidate = mantissa * std::pow(10.0, e);
      if (up && candidate >= value * (1 - kLogSlack)) best = std::min(best, candidate);
      if (!up && candidate <= value * (1 + kLogSlack)) best = std::max(best, candidate);
    }
  }
  return best;
}

// "0.2", "5", "1000", "2e-5": a round number as people write it.
std::string round_label(double round) {
  const int exponent = static_cast<int>(std::floor(std::log10(round) + kLogSlack));
  const long mantissa = std::lround(round / std::pow(10.0, exponent));
  if (exponent >= -3 && exponent <= 5) {
    return fixed_label(static_cast<double>(mantissa) * std::pow(10.0, exponent), -exponent);
  }
  return fmt::format("{}e{}", mantissa, exponent);
}

std::string power_of_two_label(int exponent) {
  if (exponent >= 0) return fmt::format("{}", static_cast<long long>(std::ldexp(1.0, exponent)));
  if (exponent >= -3) return fixed_label(std::ldexp(1.0, exponent), -exponent);
  return fmt::format("1/{}", static_cast<long long>(std::ldexp(1.0, -exponent)));
}

}  // namespace

Scale Scale::linear(double lo, double hi, int target_ticks) {
  // Finite values can still be too far apart to subtract (1e308 - -1e308 is inf); no chart
  // needs such a range, so it is narrowed to one whose width is finite.
  lo = std::clamp(lo, -kLargest, kLargest);
  hi = std::clamp(hi, -kLargest, kLargest);
  if (hi < lo) std::swap(lo, hi);
  const double magnitude = std::max(std::fabs(lo), std::fabs(hi));
  if (magnitude < kSmallest) {
    lo = 0.0;
    hi = 1.0;
  } else if (hi - lo <= magnitude * kMinRelativeSpan) {
    // Equal (or all but equal) values: a band of 10 % either side, zero kept as the floor.
    const double pad = magnitude * 0.1;
    lo = lo == 0.0 ? 0.0 : lo - pad;
    hi += pad;
  }
  const double step = nice_step((hi - lo) / std::max(1, target_ticks));
  const double first = std::floor(lo / step + kLogSlack);
  const double last = std::ceil(hi / step - kLogSlack);
  Scale scale(Kind::linear, first * step, last * step);
  for (double i = first; i <= last; ++i) {
    scale.ticks_.push_back({i * step, fixed_label(i * step, decimals_for(step))});
  }
  return scale;
}

Scale Scale::integers(double lo, double hi, int target_ticks) {
  if (hi < lo) std::swap(lo, hi);
  if (hi == lo) {
    lo -= 0.5;
    hi += 0.5;
  }
  const double step = std::max(1.0, nice_step((hi - lo) / std::max(1, target_ticks)));
  Scale scale(Kind::linear, lo, hi);
  for (double i = std::ceil(lo / step); i * step <= hi; ++i) {
    scale.ticks_.push_back({i * step, fixed_label(i * step, 0)});
  }
  return scale;
}

Scale Scale::decades(double lo, double hi) {
  lo = std::clamp(lo, kSmallest, kLargest);
  hi = std::clamp(hi, lo, kLargest);
  const double first = round_number(lo, false);
  double last = round_number(hi, true);
  if (last <= first) last = round_number(first * 1.5, true);
  Scale scale(Kind::log10, first, last);
  const auto inside = [&](double value) {
    return value >= first * (1 - kLogSlack) && value <= last * (1 + kLogSlack);
  };
  const int lo_exponent = static_cast<int>(std::floor(std::log10(first) + kLogSlack));
  const int hi_exponent = static_cast<int>(std::ceil(std::log10(last) - kLogSlack));
  if (std::log10(last / first) <= kDenseLogDecades) {
    for (int e = lo_exponent; e <= hi_exponent; ++e) {
      for (int mantissa : kMantissas) {
        const double value = mantissa * std::pow(10.0, e);
        if (inside(value)) scale.ticks_.push_back({value, round_label(value)});
      }
    }
    return scale;
  }
  // Decades only (every `stride`-th, so a long axis keeps about eight labels), plus the ends
  // when they are not decades themselves.
  const int stride = std::max(1, (hi_exponent - lo_exponent + 7) / 8);
  if (!inside(std::pow(10.0, lo_exponent))) {
    scale.ticks_.push_back({first, round_label(first)});
  }
  for (int e = lo_exponent; e <= hi_exponent; e += stride) {
    const double decade = std::pow(10.0, e);
    if (inside(decade)) scale.ticks_.push_back({decade, round_label(decade)});
  }
  if (scale.ticks_.empty() || scale.ticks_.back().value < last * (1 - kLogSlack)) {
    scale.ticks_.push_back({last, round_label(last)});
  }
  return scale;
}

Scale Scale::powers_of_two(double lo, double hi) {
  lo = std::clamp(lo, kSmallest, kLargest);
  hi = std::clamp(hi, lo, kLargest);
  const int lo_exponent = static_cast<int>(std::floor(std::log2(lo) + kLogSlack));
  int hi_exponent = static_cast<int>(std::ceil(std::log2(hi) - kLogSlack));
  if (hi_exponent == lo_exponent) ++hi_exponent;
  Scale scale(Kind::log2, std::ldexp(1.0, lo_exponent), std::ldexp(1.0, hi_exponent));
  const int stride = std::max(1, (hi_exponent - lo_exponent + 7) / 8);
  for (int e = lo_exponent; e <= hi_exponent; e += stride) {
    scale.ticks_.push_back({std::ldexp(1.0, e), power_of_two_label(e)});
  }
  return scale;
}

double Scale::fraction(double value) const {
  // A value beyond the clamped domain (up to the largest double) could overflow to inf: held
  // far outside the plot instead, so every coordinate written stays finite.
  constexpr double kFar = 1e3;
  if (kind_ == Kind::linear) return std::clamp((value - lo_) / (hi_ - lo_), -kFar, kFar);
  if (value <= 0.0) return 0.0;
  return std::clamp(std::log(value / lo_) / std::log(hi_ / lo_), -kFar, kFar);
}

bool wants_log(double lo, double hi) {
  return lo > 0.0 && hi > 0.0 && std::log10(hi / lo) > kLogDecades;
}

void Range::add(double value) {
  if (!std::isfinite(value)) return;
  lo = any ? std::min(lo, value) : value;
  hi = any ? std::max(hi, value) : value;
  any = true;
  positive = positive && value > 0.0;
}

Scale bar_scale(const Range& range) {
  // 0.9: a smallest value of 1 (or up to 1.11) gets the decade from 0.1 below it.
  if (range.positive && wants_log(range.lo, range.hi))
    return Scale::decades(range.lo * 0.9, range.hi);
  return Scale::linear(std::min(0.0, range.lo), std::max(0.0, range.hi));
}

std::string axis_caption(const std::string& label, const Scale& scale) {
  if (!scale.logarithmic()) return label;
  return label.empty() ? "log scale" : label + " (log scale)";
}

}  // namespace lstmbench::charts
