// How series look: the Okabe-Ito palette (distinguishable with the common colour-vision
// deficiencies), then, from the ninth series on, the same colours again with a fill pattern on
// bars and another marker shape on lines, so 12 or more series stay apart. Internal to the
// charts module.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace lstmbench::charts {

// Okabe & Ito (2008), "Color Universal Design", in the order that keeps neighbours apart;
// black last, since it doubles as the text colour.
inline constexpr std::array<std::string_view, 8> kOkabeIto = {
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"};

// Neutral colours for axes, grids and notes.
inline constexpr std::string_view kTextColour = "#222222";
inline constexpr std::string_view kGridColour = "#dddddd";
inline constexpr std::string_view kAxisColour = "#555555";
inline constexpr std::string_view kNoteColour = "#666666";

enum class Marker { circle, square, triangle, diamond };

struct SeriesStyle {
  std::string_view colour;
  std::size_t cycle = 0;  // 0 for the first eight series, 1 for the next eight, ...
  Marker marker = Marker::circle;
};

SeriesStyle series_style(std::size_t index);

// RETURNS: the fill attribute of series `index`'s bars: the plain colour in the first cycle,
// a pattern defined by pattern_defs in later ones.
std::string bar_fill(std::size_t index);

// RETURNS: a <defs> element with the fill patterns of series [0, count), or "" when none
// needs one.
std::string pattern_defs(std::size_t count);

// RETURNS: path data for a marker of the given size (about its width) centred at x, y.
std::string marker_path(Marker marker, double x, double y, double size);

// RETURNS: path data for a small "×" centred at x, y, the mark of a skipped value.
std::string cross_path(double x, double y, double size);

}  // namespace lstmbench::charts
