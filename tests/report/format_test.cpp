#include "report/format.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace lstmbench::report {
namespace {

TEST(FixedSignificant, FourDigitsWithoutExponent) {
  EXPECT_EQ(fixed_significant(1234.4, 4), "1234");
  EXPECT_EQ(fixed_significant(20096.44, 4), "20096");  // large times keep every integer digit
  EXPECT_EQ(fixed_significant(12.3456, 4), "12.35");
  EXPECT_EQ(fixed_significant(0.0123456, 4), "0.01235");
  EXPECT_EQ(fixed_significant(-1.5, 3), "-1.50");
  EXPECT_EQ(fixed_significant(0.0, 4), "0");
}

TEST(FixedSignificant, RoundingCarryKeepsTheDigitCount) {
  EXPECT_EQ(fixed_significant(9.9996, 4), "10.00");
  EXPECT_EQ(fixed_significant(999.96, 4), "1000");
}

TEST(FixedSignificant, NonFinite) {
  EXPECT_EQ(fixed_significant(std::numeric_limits<double>::quiet_NaN(), 4), "nan");
  EXPECT_EQ(fixed_significant(-std::numeric_limits<double>::infinity(), 4), "-inf");
}

TEST(CompactScientific, ShortExponent) {
  EXPECT_EQ(compact_scientific(2.1e-6, 2), "2.1e-6");
  EXPECT_EQ(compact_scientific(0.03, 2), "3.0e-2");
  EXPECT_EQ(compact_scientific(1.0, 2), "1.0e0");
  EXPECT_EQ(compact_scientific(1.5e12, 2), "1.5e12");
  EXPECT_EQ(compact_scientific(0.0, 2), "0");  // an exact match reads as one
}

TEST(CsvNumber, RoundTripsExactly) {
  // Values with no short decimal form must still read back bit for bit.
  for (const double v : {0.1, 1.0 / 3.0, 19875.25, 1e-300, 6.02214076e23}) {
    EXPECT_EQ(std::stod(csv_number(v)), v);
  }
  EXPECT_EQ(csv_number(0.001), "0.001");
  EXPECT_EQ(csv_number(std::numeric_limits<double>::infinity()), "inf");
}

TEST(CsvField, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field(" padded"), "\" padded\"");
}

TEST(MarkdownCell, EscapesPipesAndFlattensLines) {
  EXPECT_EQ(markdown_cell("a | b\r\nc"), "a \\| b c");
}

TEST(DescribeCase, VaryingSettingsExceptBackend) {
  suite::CaseSpec spec;
  spec.id = "the-id";
  spec.varying = {{"backend", "onednn"}, {"batch_size", "32"}, {"learning_rate", "0.001"}};
  EXPECT_EQ(describe_case(spec), "batch_size=32, learning_rate=0.001");
  spec.varying = {{"backend", "onednn"}};
  EXPECT_EQ(describe_case(spec), "the-id");
}

TEST(OptionsText, KeyOrder) {
  suite::CaseSpec spec;
  spec.options = {{"threads", "4"}, {"algo", "standard"}};
  EXPECT_EQ(options_text(spec), "algo=standard;threads=4");
}

TEST(CapText, UnchangedWhenItFits) {
  EXPECT_EQ(cap_text("short", 5, "(cut)"), "short");
  EXPECT_EQ(cap_text("", 0, "(cut)"), "");
}

TEST(CapText, CutsAndSaysSo) {
  EXPECT_EQ(cap_text("abcdefgh", 3, "(cut)"), "abc (cut)");
  EXPECT_EQ(cap_text("abcdefgh", 3, ""), "abc");
}

TEST(CapText, NeverSplitsAUtf8Character) {
  // "é" is two bytes (0xC3 0xA9); a cut after its first byte backs up to before it.
  const std::string text =
      "ab\xC3\xA9"
      "cd";
  EXPECT_EQ(cap_text(text, 3, "…"), "ab …");
  EXPECT_EQ(cap_text(text, 4, "…"), "ab\xC3\xA9 …");
}

TEST(TruncatedNote, NamesTheLogOrTheResultsFile) {
  EXPECT_EQ(truncated_note("logs/case-4.log"), "… truncated, see logs/case-4.log");
  EXPECT_EQ(truncated_note(""), "… truncated, see results.jsonl");
}

}  // namespace
}  // namespace lstmbench::report
