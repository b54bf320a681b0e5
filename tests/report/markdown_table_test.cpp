#include "report/markdown_table.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "common/error.hpp"

namespace lstmbench::report {
namespace {

TEST(MarkdownTable, PadsAlignsAndEscapes) {
  MarkdownTable table;
  table.add_column("name");
  table.add_column("ms", MarkdownTable::Align::right);
  table.add_row({"a|b", "12.5"});
  table.add_row({"—", "1000"});  // one column wide although three bytes long
  std::ostringstream out;
  table.write(out);
  EXPECT_EQ(out.str(),
            "| name |   ms |\n"
            "| ---- | ---: |\n"
            "| a\\|b | 12.5 |\n"
            "| —    | 1000 |\n");
}

TEST(MarkdownTable, RowOfTheWrongWidthIsAnError) {
  MarkdownTable table;
  table.add_column("one");
  EXPECT_THROW(table.add_row({"a", "b"}), Error);
}

}  // namespace
}  // namespace lstmbench::report
