#include "suite/toml_limits.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "common/error.hpp"
#include "suite/suite.hpp"

namespace lstmbench::suite {
namespace {

namespace fs = std::filesystem;

// The full error text of check_toml_limits ("no error" when the text is within the limits).
std::string limits_error(const std::string& text) {
  try {
    check_toml_limits(text, "x.toml");
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

// The same through parse_suite: the limits are checked where a suite is read, before TOML++.
std::string suite_error(const std::string& text) {
  try {
    parse_suite(text, "x.toml");
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

std::string repeat(const std::string& part, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += part;
  return out;
}

// "a.a.a...a": a key of `parts` dotted parts.
std::string dotted(int parts) {
  std::string key(1, 'a');
  return key.append(repeat(".a", parts - 1));
}

const std::string kTooDeep = "more than 64 nested arrays/inline tables; a suite needs only a few";
const std::string kHeaderTooLong =
    "a table header with more than 128 dotted parts; a suite needs only a few";
const std::string kKeyTooLong = "a key with more than 128 dotted parts; a suite needs only a few";

// The inputs that overflowed TOML++'s stack: each must now be an error, located.
TEST(TomlLimits, HugeTableHeaderIsAnErrorAtItsBracket) {
  EXPECT_EQ(suite_error("[" + dotted(31000) + "]\n"), "x.toml:1:1: " + kHeaderTooLong);
  EXPECT_EQ(suite_error("[run]\n\n  [[" + dotted(31000) + "]]\n"), "x.toml:3:3: " + kHeaderTooLong);
}

TEST(TomlLimits, HugeDottedKeyIsAnErrorAtTheKey) {
  EXPECT_EQ(suite_error("[options]\nx = 1\n   " + dotted(50000) + " = 1\n"),
            "x.toml:3:4: " + kKeyTooLong);
  // A key inside an inline table counts the same.
  EXPECT_EQ(suite_error("x = { b = 1, " + dotted(200) + " = 2 }\n"), "x.toml:1:14: " + kKeyTooLong);
}

TEST(TomlLimits, DeepArraysAreAnErrorAtTheBracketOneTooMany) {
  // "x = " is 4 columns, so bracket k is at column 4 + k; the 65th is one too many.
  EXPECT_EQ(suite_error("x = " + repeat("[", 100000) + repeat("]", 100000) + "\n"),
            "x.toml:1:69: " + kTooDeep);
  // Across lines, as a multi-line array is written.
  EXPECT_EQ(limits_error("x = [\n" + repeat("  [\n", 70)), "x.toml:65:3: " + kTooDeep);
}

TEST(TomlLimits, DeepInlineTablesAreAnErrorAtTheBraceOneTooMany) {
  // Each level is "{a = " (5 columns) after "x = ": brace k is at column 5k.
  EXPECT_EQ(suite_error("x = " + repeat("{a = ", 5000) + "1" + repeat("}", 5000) + "\n"),
            "x.toml:1:325: " + kTooDeep);
  // Arrays and inline tables count together: "[{a = " is 6 columns, the 65th level is the `[`
  // of the 33rd.
  EXPECT_EQ(limits_error("x = " + repeat("[{a = ", 40)), "x.toml:1:197: " + kTooDeep);
}

TEST(TomlLimits, TheLimitsThemselvesAreAllowed) {
  EXPECT_EQ(limits_error("x = " + repeat("[", 64) + repeat("]", 64) + "\n"), "no error");
  EXPECT_EQ(limits_error("[" + dotted(128) + "]\n" + dotted(128) + " = 1\n"), "no error");
  // Levels closed again do not add up.
  EXPECT_EQ(limits_error(repeat("x = " + repeat("[", 64) + repeat("]", 64) + "\n", 10)),
            "no error");
}

TEST(TomlLimits, BracketsAndDotsInStringsAndCommentsDoNotCount) {
  const std::string brackets = repeat("[{", 100);
  const std::string dots = repeat(".", 300);
  EXPECT_EQ(limits_error("x = \"" + brackets + dots + "\"\n"), "no error");
  EXPECT_EQ(limits_error("x = '" + brackets + dots + "'\n"), "no error");
  EXPECT_EQ(limits_error("x = \"\\\"" + brackets + "\"\n"), "no error");  // an escaped quote
  EXPECT_EQ(limits_error("x = \"\"\"\n" + brackets + "\n\"\n" + dots + "\"\"\"\n"), "no error");
  EXPECT_EQ(limits_error("x = '''\n" + brackets + "\n'\n" + dots + "'''\n"), "no error");
  EXPECT_EQ(limits_error("x = \"\"\"a\"\"\"\"\"\ny = 1\n"), "no error");  // content a""
  EXPECT_EQ(limits_error("# " + brackets + dots + "\nx = [1] # " + brackets + "\n"), "no error");
  EXPECT_EQ(limits_error("\"" + dots + "\" = 1\n['" + dots + "']\n"), "no error");
  EXPECT_EQ(limits_error("x = [\"" + brackets + "\", '" + brackets + "']\n"), "no error");
  // Numbers, dates and times have dots too, but they are values, not keys.
  EXPECT_EQ(limits_error("x = [" + repeat("1.5, ", 300) + "]\n"), "no error");
  // And a string does not hide what follows it.
  EXPECT_EQ(limits_error("x = \"]]]\"\ny = " + repeat("[", 65) + "\n"), "x.toml:2:69: " + kTooDeep);
}

TEST(TomlLimits, ColumnsCountCharactersNotBytes) {
  EXPECT_EQ(limits_error("x = [\"é€\", " + repeat("[", 64) + "\n"), "x.toml:1:75: " + kTooDeep);
}

TEST(TomlLimits, AByteOrderMarkIsSkippedAsTomlxxDoes) {
  EXPECT_EQ(limits_error("\xEF\xBB\xBF[" + dotted(200) + "]\n"), "x.toml:1:1: " + kHeaderTooLong);
}

TEST(TomlLimits, ShippedSuitesAreWithinTheLimitsAndLoad) {
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(LSTMBENCH_SOURCE_DIR) / "suites")) {
    if (entry.path().extension() != ".toml") continue;
    SCOPED_TRACE(entry.path().string());
    EXPECT_NO_THROW(load_suite(entry.path().string()));
    ++checked;
  }
  EXPECT_GT(checked, 0);
}

}  // namespace
}  // namespace lstmbench::suite
