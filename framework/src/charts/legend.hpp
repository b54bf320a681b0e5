// The legend under a chart: entries laid out in as many columns as the width allows, filled
// top to bottom, so a long list of series wraps into columns and the chart grows in height
// instead of labels running into each other. Internal to the charts module.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "charts/svg_writer.hpp"

namespace lstmbench::charts {

struct LegendEntry {
  enum class Swatch {
    bar,          // a filled square in the series' bar fill
    line,         // a solid line with the series' filled marker
    dashed_line,  // a dashed line with a hollow marker (the validation style, in grey)
    skipped,      // the "×" of a skipped value
  };
  std::string label;
  Swatch swatch = Swatch::bar;
  std::size_t series = 0;  // style index for bar and line
};

class Legend {
 public:
  // Lays out entries for a band `available_width` wide.
  Legend(std::vector<LegendEntry> entries, double available_width);

  double height() const;
  // Draws the legend with its top-left corner at x, y.
  void draw(SvgWriter& svg, double x, double y) const;

 private:
  std::vector<LegendEntry> entries_;
  double column_width_ = 0;
  double label_width_ = 0;
  std::size_t rows_ = 0;
};

}  // namespace lstmbench::charts
