// One column of a CSV file as a series (docs/workload.md, "CSV series"). The column is named by
// its header or by a 0-based index; a header row is recognised by its cell in the chosen column
// not being a number. Every error names the file, and where it applies the row and column.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace lstmbench::workload {

struct CsvSeries {
  std::vector<double> values;  // the column's cells, top to bottom, header excluded
  std::string column_name;     // the header name, or "column N" without a header
  std::size_t column_index = 0;
  bool has_header = false;
};

// What to do with an empty cell in the column (the [data] setting `missing`): stop with an error
// naming the row (the default), drop the row, or fill the cell by linear interpolation between
// the nearest filled cells above and below (the nearest one at either end).
enum class MissingCells { error, drop, interpolate };

// Reads column `column` (a header name, or a 0-based index as text; may be empty only when the
// file has a single column) of the comma-separated file at `path`. Blank lines are skipped;
// fields may be double-quoted. Throws lstmbench::Error for a file that cannot be read, a column
// that is not there (listing the header names), a row whose number of fields differs from the
// first row's (a ragged row), an empty cell under MissingCells::error, or a cell that is not a
// finite number (with its row number, counting the header as row 1).
CsvSeries read_csv_series(const std::string& path, const std::string& column,
                          MissingCells missing = MissingCells::error);

// RETURNS: the fields of one CSV line (comma delimiter; "..." quoting with "" as an escaped
// quote), each trimmed of surrounding spaces, tabs and a trailing carriage return.
std::vector<std::string> split_csv_line(const std::string& line);

}  // namespace lstmbench::workload
