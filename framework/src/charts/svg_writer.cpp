#include "charts/svg_writer.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numbers>

namespace lstmbench::charts {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence starting at text[i], or 0 when it is not valid.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  unsigned int code = 0;
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    code = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    code = lead & 0x0F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    code = lead & 0x07;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    code = (code << 6) | (byte(i + k) & 0x3F);
  }
  // Overlong forms, surrogates, and the two non-characters XML forbids.
  const bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
  const bool forbidden =
      (code >= 0xD800 && code <= 0xDFFF) || code == 0xFFFE || code == 0xFFFF || code > 0x10FFFF;
  return overlong || forbidden ? 0 : length;
}

// Code points of valid UTF-8, with their byte ranges; invalid bytes count as one U+FFFD each.
template <typename Visit>
void for_each_code_point(std::string_view text, Visit visit) {
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t length = utf8_length(text, i);
    if (length == 0) {
      visit(kReplacement, i, std::size_t{1});
      ++i;
    } else {
      visit(text.substr(i, length), i, length);
      i += length;
    }
  }
}

std::string_view anchor_name(Anchor anchor) {
  switch (anchor) {
    case Anchor::middle:
      return "middle";
    case Anchor::end:
      return "end";
    case Anchor::start:
      break;
  }
  return "start";
}

std::string title_element(std::string_view tooltip) {
  return tooltip.empty() ? std::string() : fmt::format("<title>{}</title>", escape_xml(tooltip));
}

// Ascent and descent of sans-serif text as fractions of the font size (typical of DejaVu Sans,
// Liberation Sans and Arial), for the estimated boxes.
constexpr double kAscent = 0.8;
constexpr double kDescent = 0.25;

}  // namespace

std::string escape_xml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for_each_code_point(text, [&](std::string_view cp, std::size_t, std::size_t) {
    if (cp.size() > 1) {
      out += cp;
      return;
    }
    const char c = cp[0];
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // XML 1.0 forbids most control characters; in a one-line label all of them read as
        // a space.
        out += static_cast<unsigned char>(c) < 0x20 || c == 0x7F ? ' ' : c;
    }
  });
  return out;
}

double text_width(std::string_view text, double font_size) {
  double ems = 0;
  for_each_code_point(text, [&](std::string_view cp, std::size_t, std::size_t) {
    // Three- and four-byte sequences from U+1100 on are mostly wide CJK/emoji; two-byte
    // ones (Latin accents, Greek, "·") are ordinary width.
    const bool wide = cp.size() >= 3 && static_cast<unsigned char>(cp[0]) >= 0xE1 &&
                      cp != kReplacement && cp != "…" && cp != "—" && cp != "–" && cp != "×";
    ems += wide ? 1.0 : 0.6;
  });
  return ems * font_size;
}

std::string fit_text(std::string_view text, double max_width, double font_size) {
  if (text_width(text, font_size) <= max_width) return std::string(text);
  const double budget = max_width - text_width("…", font_size);
  std::string out;
  double width = 0;
  bool full = false;
  for_each_code_point(text, [&](std::string_view cp, std::size_t, std::size_t) {
    if (full) return;
    const double w = text_width(cp, font_size);
    if (width + w > budget) {
      full = true;
      return;
    }
    width += w;
    out += cp;
  });
  return out + "…";
}

std::string num(double value) {
  double rounded = std::round(value * 10.0) / 10.0;
  if (rounded == 0.0) rounded = 0.0;  // no "-0"
  std::string text = fmt::format("{:.1f}", rounded);
  if (text.ends_with(".0")) text.resize(text.size() - 2);
  return text;
}

std::string short_number(double value) {
  if (!std::isfinite(value)) return "n/a";
  const double magnitude = std::fabs(value);
  if (magnitude >= 1000.0 && magnitude < 1e6) return fmt::format("{:.0f}", value);
  if (magnitude == 0.0 || (magnitude >= 0.001 && magnitude < 1e6)) {
    const int decimals =
        magnitude == 0.0 ? 0 : std::max(0, 2 - static_cast<int>(std::floor(std::log10(magnitude))));
    std::string text = fmt::format("{:.{}f}", value, decimals);
    if (text.find('.') != std::string::npos) {
      while (text.ends_with('0')) text.pop_back();
      if (text.ends_with('.')) text.pop_back();
    }
    return text;
  }
  return fmt::format("{:.2e}", value);
}

SvgWriter::SvgWriter(double width, double height, std::string_view title)
    : width_(std::ceil(width)), height_(std::ceil(height)) {
  out_ = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" font-family=\"sans-serif\" role=\"img\">\n"
      "<title>{2}</title>\n"
      "<rect width=\"{0}\" height=\"{1}\" fill=\"#ffffff\"/>\n",
      num(width_), num(height_), escape_xml(title));
}

void SvgWriter::line(double x1, double y1, double x2, double y2, std::string_view attrs) {
  fmt::format_to(std::back_inserter(out_), "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" {}/>\n",
                 num(x1), num(y1), num(x2), num(y2), attrs);
}

void SvgWriter::rect(double x, double y, double w, double h, std::string_view attrs,
                     std::string_view tooltip) {
  const std::string start =
      fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {}", num(x), num(y),
                  num(std::max(0.0, w)), num(std::max(0.0, h)), attrs);
  out_ += tooltip.empty() ? start + "/>\n" : start + ">" + title_element(tooltip) + "</rect>\n";
}

void SvgWriter::path(std::string_view d, std::string_view attrs, std::string_view tooltip) {
  const std::string start = fmt::format("<path d=\"{}\" {}", d, attrs);
  out_ += tooltip.empty() ? start + "/>\n" : start + ">" + title_element(tooltip) + "</path>\n";
}

void SvgWriter::text(double x, double y, std::string_view content, const TextStyle& style) {
  std::string transform;
  if (style.angle_deg != 0.0) {
    transform =
        fmt::format(" transform=\"rotate({} {} {})\"", num(style.angle_deg), num(x), num(y));
  }
  std::string extra;
  if (!style.extra_attrs.empty()) extra = fmt::format(" {}", style.extra_attrs);
  fmt::format_to(std::back_inserter(out_),
                 "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{}\"{}{}>{}</text>\n",
                 num(x), num(y), num(style.font_size), anchor_name(style.anchor), transform, extra,
                 escape_xml(content));

  // The box in the text's own frame, then rotated about the anchor point as SVG does.
  const double width = text_width(content, style.font_size);
  const double start = style.anchor == Anchor::start    ? 0.0
                       : style.anchor == Anchor::middle ? -width / 2
                                                        : -width;
  const double dx = start + width / 2;
  const double dy = -(kAscent - kDescent) / 2 * style.font_size;
  const double angle = style.angle_deg * std::numbers::pi / 180.0;
  boxes_.push_back(TextBox{
      .text = std::string(content),
      .role = style.role,
      .center_x = x + dx * std::cos(angle) - dy * std::sin(angle),
      .center_y = y + dx * std::sin(angle) + dy * std::cos(angle),
      .half_width = width / 2,
      .half_height = (kAscent + kDescent) / 2 * style.font_size,
      .angle_deg = style.angle_deg,
  });
}

void SvgWriter::raw(std::string_view markup) { out_ += markup; }

Svg SvgWriter::finish() && {
  out_ += "</svg>\n";
  return Svg{
      .text = std::move(out_), .width = width_, .height = height_, .text_boxes = std::move(boxes_)};
}

}  // namespace lstmbench::charts
