// The SVG document builder every chart draws with: escapes text, spells coordinates the same
// way everywhere (so golden files are stable), and records an estimated box for every text
// element so layouts can be checked for overlaps. Internal to the charts module.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "charts/charts.hpp"

namespace lstmbench::charts {

// Text for XML character data and attribute values: & < > " ' escaped, control characters
// turned into spaces, invalid UTF-8 bytes into U+FFFD.
std::string escape_xml(std::string_view text);

// Estimated advance width of text in the generic sans-serif font at `font_size` pixels. Sans
// fonts average about 0.55 em per Latin character; 0.6 em errs on the wide side, so a layout
// that fits by this estimate fits on screen. Wide (CJK) code points count a full em.
double text_width(std::string_view text, double font_size);

// RETURNS: text, or its longest prefix followed by "…" that fits max_width at font_size.
std::string fit_text(std::string_view text, double max_width, double font_size);

// A coordinate or length: one decimal, no trailing ".0", never "-0".
std::string num(double value);

// A value for people (tooltips, value labels): about three significant digits, no exponent
// between 0.001 and 1e6.
std::string short_number(double value);

enum class Anchor { start, middle, end };

struct TextStyle {
  double font_size = 11;
  Anchor anchor = Anchor::start;
  double angle_deg = 0;  // rotation about the anchor point
  TextRole role = TextRole::note;
  std::string_view extra_attrs = {};  // e.g. fill="#555" font-style="italic"
};

class SvgWriter {
 public:
  // Starts the document: root element with viewBox, <title>, white background.
  SvgWriter(double width, double height, std::string_view title);

  // Elements. `attrs` are attribute text built by the charts (never caller text); `tooltip`
  // is caller text shown on hover, escaped here (no tooltip when empty).
  void line(double x1, double y1, double x2, double y2, std::string_view attrs);
  void rect(double x, double y, double w, double h, std::string_view attrs,
            std::string_view tooltip = {});
  void path(std::string_view d, std::string_view attrs, std::string_view tooltip = {});
  // A single-line text whose baseline starts (middle, ends) at x, y.
  void text(double x, double y, std::string_view content, const TextStyle& style);
  // Verbatim markup built by the charts (pattern definitions).
  void raw(std::string_view markup);

  // RETURNS: the finished document and every text box drawn.
  Svg finish() &&;

 private:
  std::string out_;
  double width_;
  double height_;
  std::vector<TextBox> boxes_;
};

}  // namespace lstmbench::charts
