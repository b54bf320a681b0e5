// Text handling of the SVG writer: escaping, width estimates, shortening, number spelling, and
// the overlap test the layout checks rely on.
#include "charts/svg_writer.hpp"

#include <gtest/gtest.h>

#include <numbers>

namespace lstmbench::charts {
namespace {

TEST(EscapeXml, EscapesMarkupCharacters) {
  EXPECT_EQ(escape_xml("a<b & c>d \"e\" 'f'"), "a&lt;b &amp; c&gt;d &quot;e&quot; &apos;f&apos;");
}

TEST(EscapeXml, ControlCharactersBecomeSpaces) {
  EXPECT_EQ(escape_xml(std::string("a\nb\tc\x01"
                                   "d",
                                   7)),
            "a b c d");
}

TEST(EscapeXml, InvalidUtf8BecomesReplacementCharacter) {
  // A lone Latin-1 byte, a truncated sequence, and an overlong "/"; "·" stays as it is.
  EXPECT_EQ(escape_xml("caf\xE9 \xE2\x82 \xC0\xAF ·"),
            "caf\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD ·");
}

TEST(TextWidth, CountsCodePointsNotBytes) {
  EXPECT_DOUBLE_EQ(text_width("ab", 10), text_width("a·", 10));
  EXPECT_GT(text_width("abc", 10), text_width("ab", 10));
  EXPECT_GT(text_width("表", 10), text_width("a", 10));
}

TEST(FitText, ShortensWithEllipsisWithinTheWidth) {
  const std::string text = "a rather long backend name (gpu)";
  EXPECT_EQ(fit_text(text, 1000, 11), text);
  const std::string fitted = fit_text(text, 60, 11);
  EXPECT_TRUE(fitted.ends_with("…")) << fitted;
  EXPECT_LE(text_width(fitted, 11), 60);
  EXPECT_TRUE(text.starts_with(fitted.substr(0, fitted.size() - std::string("…").size())));
}

TEST(Num, OneDecimalWithoutNoise) {
  EXPECT_EQ(num(12.0), "12");
  EXPECT_EQ(num(12.34), "12.3");
  EXPECT_EQ(num(-0.01), "0");
  EXPECT_EQ(num(-3.25), "-3.3");
}

TEST(ShortNumber, ThreeSignificantDigits) {
  EXPECT_EQ(short_number(812.4), "812");
  EXPECT_EQ(short_number(12.345), "12.3");
  EXPECT_EQ(short_number(0.00123), "0.00123");
  EXPECT_EQ(short_number(1.5), "1.5");
  EXPECT_EQ(short_number(12345), "12345");
  EXPECT_EQ(short_number(0), "0");
  EXPECT_EQ(short_number(2.5e7), "2.50e+07");
}

TEST(Overlaps, AxisAlignedBoxes) {
  const TextBox a{.center_x = 0, .center_y = 0, .half_width = 10, .half_height = 5};
  TextBox b = a;
  b.center_x = 19;
  EXPECT_TRUE(overlaps(a, b));
  b.center_x = 20;  // touching edges only
  EXPECT_FALSE(overlaps(a, b));
  b.center_x = 0;
  b.center_y = 11;
  EXPECT_FALSE(overlaps(a, b));
}

TEST(Overlaps, ParallelSlantedLabelsApartAcrossTheirDirection) {
  // Two labels at -45 degrees whose axis-aligned boxes overlap, but which are 14 px apart
  // across their direction (more than their height of 10), do not overlap.
  const TextBox a{
      .center_x = 0, .center_y = 0, .half_width = 40, .half_height = 5, .angle_deg = -45};
  TextBox b = a;
  b.center_x = 14 * std::numbers::sqrt2;
  EXPECT_FALSE(overlaps(a, b));
  b.center_x = 8 * std::numbers::sqrt2;
  EXPECT_TRUE(overlaps(a, b));
}

TEST(SvgWriter, RecordsRotatedTextBoxAboutItsAnchor) {
  SvgWriter svg(100, 100, "t");
  svg.text(50, 50, "abcd", {.font_size = 10, .anchor = Anchor::end, .angle_deg = -90});
  const Svg done = std::move(svg).finish();
  ASSERT_EQ(done.text_boxes.size(), 1u);
  const TextBox& box = done.text_boxes[0];
  // Ending at the anchor and turned to read upwards, the text lies below the anchor.
  EXPECT_NEAR(box.center_y, 50 + text_width("abcd", 10) / 2, 1e-9);
  EXPECT_LT(box.center_x, 50);  // the glyphs sit left of the rotated baseline
  EXPECT_NE(done.text.find("transform=\"rotate(-90 50 50)\""), std::string::npos);
}

}  // namespace
}  // namespace lstmbench::charts
