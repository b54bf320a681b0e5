// CSV series: column by name and by index, header detection, the "all rows" split, and every
// error message naming what a person needs to fix it.
#include "workload/csv_series.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "common/error.hpp"
#include "temp_dir.hpp"
#include "workload/windows.hpp"
#include "workload/workload.hpp"

namespace lstmbench::workload {
namespace {

using testing::TempDir;

// RETURNS: the message of the lstmbench::Error that fn throws (fails the test if none).
template <class Fn>
std::string error_of(Fn fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected lstmbench::Error";
  return {};
}

// A price-like column: a ramp with a wiggle, so it is not constant and not standardised.
std::string price_csv(int rows, bool header = true) {
  std::string text = header ? "date,open,close\n" : "";
  for (int r = 0; r < rows; ++r) {
    text += "2024-01-" + std::to_string(r) + "," + std::to_string(100 + r) + "," +
            std::to_string(100.0 + 0.5 * r + std::sin(r)) + "\n";
  }
  return text;
}

suite::CaseSpec csv_spec(const std::string& path, const std::string& column, int train, int val,
                         int seq_len = 4) {
  suite::CaseSpec spec;
  spec.data_source = "csv";
  spec.csv_path = path;
  spec.csv_column = column;
  spec.seq_len = seq_len;
  spec.train_windows = train;
  spec.val_windows = val;
  return spec;
}

TEST(CsvSeries, ReadsColumnByName) {
  TempDir dir;
  const std::string path = dir.write("p.csv", price_csv(10));
  const CsvSeries s = read_csv_series(path, "close");
  EXPECT_TRUE(s.has_header);
  EXPECT_EQ(s.column_index, 2u);
  EXPECT_EQ(s.column_name, "close");
  ASSERT_EQ(s.values.size(), 10u);
  EXPECT_NEAR(s.values[3], 100.0 + 1.5 + std::sin(3), 1e-6);  // std::to_string keeps 6 decimals
}

TEST(CsvSeries, ReadsColumnByIndexWithAndWithoutHeader) {
  TempDir dir;
  const CsvSeries with = read_csv_series(dir.write("h.csv", price_csv(10)), "1");
  EXPECT_TRUE(with.has_header);
  EXPECT_EQ(with.column_name, "open");
  EXPECT_EQ(with.values.front(), 100.0);
  EXPECT_EQ(with.values.size(), 10u);

  const CsvSeries without = read_csv_series(dir.write("n.csv", "1,10\n2,20\n3,30\n"), "1");
  EXPECT_FALSE(without.has_header);
  EXPECT_EQ(without.column_name, "column 1");
  EXPECT_EQ(without.values, (std::vector<double>{10, 20, 30}));
}

TEST(CsvSeries, HeaderIsDecidedByTheChosenColumn) {
  // The first row's chosen cell is a number, so the first row is data even though another
  // cell in it is text.
  TempDir dir;
  const CsvSeries s = read_csv_series(dir.write("d.csv", "a,1.5\nb,2.5\n"), "1");
  EXPECT_FALSE(s.has_header);
  EXPECT_EQ(s.values, (std::vector<double>{1.5, 2.5}));
}

TEST(CsvSeries, QuotesSpacesBlankLinesAndCarriageReturns) {
  TempDir dir;
  const std::string path =
      dir.write("q.csv", "\"name, with comma\", value \r\n\"x,y\", 1e3\r\n\r\n\"z\",\"-2.5\"\r\n");
  const CsvSeries s = read_csv_series(path, "value");
  EXPECT_EQ(s.values, (std::vector<double>{1000.0, -2.5}));
  EXPECT_EQ(split_csv_line("\"name, with comma\", value \r"),
            (std::vector<std::string>{"name, with comma", "value"}));
  EXPECT_EQ(split_csv_line("a,\"b\"\"c\",d"), (std::vector<std::string>{"a", "b\"c", "d"}));
}

TEST(CsvSeries, SingleColumnNeedsNoColumnSetting) {
  TempDir dir;
  const CsvSeries s = read_csv_series(dir.write("s.csv", "v\n1\n2\n"), "");
  EXPECT_EQ(s.values, (std::vector<double>{1, 2}));
  const std::string message =
      error_of([&] { read_csv_series(dir.write("m.csv", price_csv(3)), ""); });
  EXPECT_NE(message.find("3 columns"), std::string::npos) << message;
}

TEST(CsvSeries, MissingFileNamesThePath) {
  const std::string path = "/nonexistent/lstmbench/prices.csv";
  const std::string message = error_of([&] { read_csv_series(path, "close"); });
  EXPECT_NE(message.find(path), std::string::npos) << message;
  EXPECT_NE(message.find("cannot open"), std::string::npos) << message;
}

TEST(CsvSeries, MissingColumnListsTheHeaderNames) {
  TempDir dir;
  const std::string path = dir.write("p.csv", price_csv(5));
  const std::string message = error_of([&] { read_csv_series(path, "volume"); });
  EXPECT_NE(message.find(path), std::string::npos) << message;
  EXPECT_NE(message.find("'volume'"), std::string::npos) << message;
  for (const char* name : {"'date'", "'open'", "'close'"})
    EXPECT_NE(message.find(name), std::string::npos) << message;

  const std::string out_of_range = error_of([&] { read_csv_series(path, "7"); });
  EXPECT_NE(out_of_range.find("'7'"), std::string::npos) << out_of_range;
  EXPECT_NE(out_of_range.find("below 3"), std::string::npos) << out_of_range;
}

TEST(CsvSeries, NonNumericCellNamesFileRowAndColumn) {
  TempDir dir;
  // Line 1 is the header, so the bad cell is on row 4 of the file.
  const std::string path = dir.write("bad.csv", "t,close\n1,10\n2,11\n3,n/a\n4,12\n");
  const std::string message = error_of([&] { read_csv_series(path, "close"); });
  EXPECT_NE(message.find(path + ":4"), std::string::npos) << message;
  EXPECT_NE(message.find("row 4"), std::string::npos) << message;
  EXPECT_NE(message.find("'close'"), std::string::npos) << message;
  EXPECT_NE(message.find("'n/a'"), std::string::npos) << message;
}

TEST(CsvSeries, ShortRowNamesTheRow) {
  TempDir dir;
  const std::string path = dir.write("short.csv", "t,close\n1,10\n2\n");
  const std::string message = error_of([&] { read_csv_series(path, "close"); });
  EXPECT_NE(message.find("row 3"), std::string::npos) << message;
}

TEST(CsvSeries, ARaggedRowIsAnErrorEvenWhenTheColumnIsThere) {
  TempDir dir;
  // Row 3 has three fields among rows of two: the column is present, but shifted or not.
  const std::string path = dir.write("ragged.csv", "t,close\n1,10\n2,11,12\n3,13\n");
  const std::string message = error_of([&] { read_csv_series(path, "close"); });
  EXPECT_NE(message.find(path + ":3"), std::string::npos) << message;
  EXPECT_NE(message.find("ragged"), std::string::npos) << message;
}

TEST(CsvSeries, EmptyCellsAreAnErrorByDefaultNamingTheSettingThatFixesThem) {
  TempDir dir;
  const std::string path = dir.write("gaps.csv", "t,co2\n1,10\n2,\n3,\n4,16\n5,\n");
  const std::string message = error_of([&] { read_csv_series(path, "co2"); });
  EXPECT_NE(message.find(path + ":3"), std::string::npos) << message;  // the first empty row
  EXPECT_NE(message.find("missing = \"drop\""), std::string::npos) << message;
  EXPECT_EQ(read_csv_series(path, "co2", MissingCells::drop).values, (std::vector<double>{10, 16}));
  // 10, (12), (14), 16, then the last filled value carried to the end.
  EXPECT_EQ(read_csv_series(path, "co2", MissingCells::interpolate).values,
            (std::vector<double>{10, 12, 14, 16, 16}));
  const std::string none = dir.write("none.csv", "v\n\"\"\n\"\"\n");
  EXPECT_NE(error_of([&] {
              read_csv_series(none, "v", MissingCells::interpolate);
            }).find("no filled cell"),
            std::string::npos);
}

TEST(CsvWorkload, UsesTheRequestedWindowsFromTheStart) {
  TempDir dir;
  const std::string path = dir.write("p.csv", price_csv(40));
  const Workload w = build_workload(csv_spec(path, "close", 20, 5));
  EXPECT_EQ(w.num_train, 20u);
  EXPECT_EQ(w.num_val, 5u);
  EXPECT_NE(w.source_description.find("close"), std::string::npos);
  // Standardised with the training values of a ~100-valued column.
  EXPECT_GT(w.mean, 100.0);
  EXPECT_LT(std::abs(w.train_x[0]), 5.0f);
}

TEST(CsvWorkload, TooFewRowsSaysHowManyAreNeeded) {
  TempDir dir;
  const std::string path = dir.write("p.csv", price_csv(30));
  // 20 training + 5 validation windows of 4 steps need 20 + 4 + 5 + 4 = 33 rows.
  const std::string message = error_of([&] { build_workload(csv_spec(path, "close", 20, 5)); });
  EXPECT_NE(message.find(path), std::string::npos) << message;
  EXPECT_NE(message.find("30 data rows"), std::string::npos) << message;
  EXPECT_NE(message.find("needs 33"), std::string::npos) << message;
}

TEST(CsvWorkload, ZeroTrainWindowsUsesAllRows) {
  TempDir dir;
  const std::string path = dir.write("p.csv", price_csv(108));
  // 108 rows, seq_len 4: 100 windows fit beside the seq_len gap; 90/10 split.
  const Workload split = build_workload(csv_spec(path, "close", 0, 0));
  EXPECT_EQ(split.num_train, 90u);
  EXPECT_EQ(split.num_val, 10u);
  // With a validation count, training gets the rest.
  const Workload rest = build_workload(csv_spec(path, "close", 0, 25));
  EXPECT_EQ(rest.num_train, 75u);
  EXPECT_EQ(rest.num_val, 25u);
  // The last validation target is the last row.
  const SplitPlan plan = plan_split(4, rest.num_train, rest.num_val);
  EXPECT_EQ(plan.length, 108u);

  const std::string message = error_of(
      [&] { build_workload(csv_spec(dir.write("tiny.csv", price_csv(9)), "close", 0, 0)); });
  EXPECT_NE(message.find("9 data rows"), std::string::npos) << message;
  EXPECT_NE(message.find("at least 10"), std::string::npos) << message;
}

}  // namespace
}  // namespace lstmbench::workload
