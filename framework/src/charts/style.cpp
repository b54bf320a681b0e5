#include "charts/style.hpp"

#include <fmt/format.h>

#include "charts/svg_writer.hpp"

namespace lstmbench::charts {
namespace {

// The patterns of the later cycles: stripes one way, the other way, then a grid.
constexpr std::array<std::string_view, 3> kPatternTransforms = {"rotate(45)", "rotate(-45)", ""};

}  // namespace

SeriesStyle series_style(std::size_t index) {
  const std::size_t cycle = index / kOkabeIto.size();
  constexpr std::array<Marker, 4> kMarkers = {Marker::circle, Marker::square, Marker::triangle,
                                              Marker::diamond};
  return SeriesStyle{.colour = kOkabeIto[index % kOkabeIto.size()],
                     .cycle = cycle,
                     .marker = kMarkers[cycle % kMarkers.size()]};
}

std::string bar_fill(std::size_t index) {
  const SeriesStyle style = series_style(index);
  if (style.cycle % 4 == 0) return fmt::format("fill=\"{}\"", style.colour);
  return fmt::format("fill=\"url(#lb-fill-{})\"", index);
}

std::string pattern_defs(std::size_t count) {
  std::string defs;
  for (std::size_t index = 0; index < count; ++index) {
    const SeriesStyle style = series_style(index);
    const std::size_t kind = style.cycle % 4;
    if (kind == 0) continue;
    const std::string_view transform = kPatternTransforms[kind - 1];
    const std::string marks =
        kind == 3 ? fmt::format(
                        "<rect width=\"6\" height=\"2\" fill=\"{0}\"/>"
                        "<rect width=\"2\" height=\"6\" fill=\"{0}\"/>",
                        style.colour)
                  : fmt::format("<rect width=\"3\" height=\"6\" fill=\"{}\"/>", style.colour);
    defs += fmt::format(
        "<pattern id=\"lb-fill-{}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"{}>"
        "<rect width=\"6\" height=\"6\" fill=\"#ffffff\"/>{}</pattern>\n",
        index, transform.empty() ? "" : fmt::format(" patternTransform=\"{}\"", transform), marks);
  }
  return defs.empty() ? defs : "<defs>\n" + defs + "</defs>\n";
}

std::string marker_path(Marker marker, double x, double y, double size) {
  const double r = size / 2;
  switch (marker) {
    case Marker::square:
      return fmt::format("M{} {}h{}v{}h{}Z", num(x - r), num(y - r), num(size), num(size),
                         num(-size));
    case Marker::triangle:
      return fmt::format("M{} {}L{} {}L{} {}Z", num(x), num(y - r * 1.15), num(x + r * 1.1),
                         num(y + r * 0.85), num(x - r * 1.1), num(y + r * 0.85));
    case Marker::diamond:
      return fmt::format("M{} {}L{} {}L{} {}L{} {}Z", num(x), num(y - r * 1.25), num(x + r), num(y),
                         num(x), num(y + r * 1.25), num(x - r), num(y));
    case Marker::circle:
      break;
  }
  return fmt::format("M{} {}a{} {} 0 1 0 {} 0a{} {} 0 1 0 {} 0Z", num(x - r), num(y), num(r),
                     num(r), num(size), num(r), num(r), num(-size));
}

std::string cross_path(double x, double y, double size) {
  const double r = size / 2;
  return fmt::format("M{} {}L{} {}M{} {}L{} {}", num(x - r), num(y - r), num(x + r), num(y + r),
                     num(x - r), num(y + r), num(x + r), num(y - r));
}

}  // namespace lstmbench::charts
