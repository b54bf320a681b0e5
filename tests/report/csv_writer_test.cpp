// The CSV is read by scripts: its header must be exactly the documented columns, and every row
// must parse into as many fields as the header has, whatever the reasons and notes contain.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "report/report.hpp"
#include "sample_results.hpp"

namespace lstmbench::report {
namespace {

// An RFC 4180 reader written for the test (quoted fields, doubled quotes, line breaks inside
// quotes), so the writer's quoting is checked by an independent parser.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      rows.back().push_back(std::move(field));
      field.clear();
      rows.emplace_back();
    } else {
      field += c;
    }
  }
  EXPECT_FALSE(quoted) << "unterminated quoted field";
  EXPECT_TRUE(rows.back().empty() && field.empty()) << "the last row must end with a newline";
  rows.pop_back();
  return rows;
}

// Column names documented in docs/report-columns.md: the first cell of each table row, in
// backticks (| `suite` | ...).
std::vector<std::string> documented_columns() {
  std::ifstream in(std::string(LSTMBENCH_SOURCE_DIR) + "/docs/report-columns.md");
  EXPECT_TRUE(in) << "docs/report-columns.md is missing";
  std::vector<std::string> names;
  const std::regex row(R"(^\|\s*`([a-z0-9_]+)`\s*\|)");
  std::string line;
  std::smatch match;
  while (std::getline(in, line))
    if (std::regex_search(line, match, row)) names.push_back(match[1]);
  return names;
}

TEST(Csv, HeaderIsTheDocumentedColumnsInOrder) {
  std::ostringstream out;
  write_csv(out, testing::sample_results());
  const auto rows = parse_csv(out.str());
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows.front(), csv_columns());
  EXPECT_EQ(csv_columns(), documented_columns());
  const std::set<std::string> unique(csv_columns().begin(), csv_columns().end());
  EXPECT_EQ(unique.size(), csv_columns().size()) << "duplicate column name";
}

TEST(Csv, EveryRowHasEveryFieldAndQuotingRoundTrips) {
  const auto results = testing::sample_results();
  std::ostringstream out;
  write_csv(out, results);
  const auto rows = parse_csv(out.str());
  ASSERT_EQ(rows.size(), results.size() + 1);
  const auto& header = rows.front();
  auto column = [&](const char* name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  for (std::size_t i = 1; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), header.size()) << "row " << i;
    // Reasons with commas, quotes, pipes and line breaks come back unchanged.
    EXPECT_EQ(rows[i][column("reason")], results[i - 1].reason);
    EXPECT_EQ(rows[i][column("status")], results::to_string(results[i - 1].status));
  }
}

TEST(Csv, MissingValuesAreEmptyAndNonFiniteAreSpelledOut) {
  const auto results = testing::sample_results();
  std::ostringstream out;
  write_csv(out, results);
  const auto rows = parse_csv(out.str());
  const auto& header = rows.front();
  auto cell = [&](std::size_t row, const char* name) {
    return rows[row + 1][std::find(header.begin(), header.end(), name) - header.begin()];
  };
  // Case 3 failed before any epoch: no time, no rate, no loss — empty, not 0.
  EXPECT_EQ(cell(3, "timed_epochs"), "0");
  EXPECT_EQ(cell(3, "epoch_ms_mean"), "");
  EXPECT_EQ(cell(3, "samples_per_s"), "");
  EXPECT_EQ(cell(3, "final_train_loss"), "");
  EXPECT_EQ(cell(3, "verified"), "not_run");
  // Case 4 crashed in its warm-up epoch: a first epoch, but nothing timed.
  EXPECT_EQ(cell(4, "first_epoch_ms"), "5100");
  EXPECT_EQ(cell(4, "epoch_ms_mean"), "");
  // Case 5 diverged: its last loss is infinite and the validation loss NaN.
  EXPECT_EQ(cell(5, "final_train_loss"), "inf");
  EXPECT_EQ(cell(5, "val_loss"), "nan");
  EXPECT_EQ(cell(5, "diverged_epoch"), "3");
  // Shortest round-trip spelling: a script reads back exactly the value the runner measured.
  EXPECT_EQ(std::stod(cell(0, "epoch_ms_min")), 19875.25);
  EXPECT_EQ(cell(0, "options"), "threads=2");
  EXPECT_EQ(cell(1, "device_bytes"), "25165824");
  EXPECT_EQ(cell(0, "device_bytes"), "");
}

TEST(Csv, EmptyResultsIsJustTheHeader) {
  std::ostringstream out;
  write_csv(out, {});
  const auto rows = parse_csv(out.str());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows.front(), csv_columns());
}

}  // namespace
}  // namespace lstmbench::report
