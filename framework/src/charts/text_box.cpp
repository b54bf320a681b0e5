#include <array>
#include <cmath>
#include <numbers>

#include "charts/charts.hpp"

namespace lstmbench::charts {

bool overlaps(const TextBox& a, const TextBox& b) {
  // Separating axis test for two oriented rectangles: they are apart exactly when their
  // projections are apart on one of the four edge directions.
  struct Corners {
    std::array<double, 4> x, y;
  };
  const auto corners = [](const TextBox& box) {
    const double angle = box.angle_deg * std::numbers::pi / 180.0;
    const double ux = std::cos(angle), uy = std::sin(angle);
    Corners c{};
    const std::array<double, 4> sx{-1, 1, 1, -1}, sy{-1, -1, 1, 1};
    for (int k = 0; k < 4; ++k) {
      c.x[k] = box.center_x + sx[k] * box.half_width * ux - sy[k] * box.half_height * uy;
      c.y[k] = box.center_y + sx[k] * box.half_width * uy + sy[k] * box.half_height * ux;
    }
    return c;
  };
  const Corners ca = corners(a), cb = corners(b);
  constexpr double kTouch = 1e-6;
  for (const TextBox* box : {&a, &b}) {
    const double angle = box->angle_deg * std::numbers::pi / 180.0;
    const std::array<std::array<double, 2>, 2> axes{
        {{std::cos(angle), std::sin(angle)}, {-std::sin(angle), std::cos(angle)}}};
    for (const auto& axis : axes) {
      double a_min = 1e300, a_max = -1e300, b_min = 1e300, b_max = -1e300;
      for (int k = 0; k < 4; ++k) {
        const double pa = ca.x[k] * axis[0] + ca.y[k] * axis[1];
        const double pb = cb.x[k] * axis[0] + cb.y[k] * axis[1];
        a_min = std::min(a_min, pa);
        a_max = std::max(a_max, pa);
        b_min = std::min(b_min, pb);
        b_max = std::max(b_max, pb);
      }
      if (a_max <= b_min + kTouch || b_max <= a_min + kTouch) return false;
    }
  }
  return true;
}

}  // namespace lstmbench::charts
