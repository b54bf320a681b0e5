#include "workload/csv_series.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <optional>

#include "common/error.hpp"

namespace lstmbench::workload {
namespace {

std::string trim(const std::string& text) {
  const char* kSpace = " \t\r\n";
  const auto begin = text.find_first_not_of(kSpace);
  if (begin == std::string::npos) return {};
  const auto end = text.find_last_not_of(kSpace);
  return text.substr(begin, end - begin + 1);
}

// std::from_chars is locale-independent (strtod is not: a German locale reads "1,5"), which is
// why it is used here.
std::optional<double> parse_number(const std::string& cell) {
  std::string text = cell;
  if (!text.empty() && text.front() == '+') text.erase(0, 1);
  if (text.empty()) return std::nullopt;
  double value = 0.0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<std::size_t> parse_index(const std::string& text) {
  if (text.empty()) return std::nullopt;
  std::size_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

std::string quoted_list(const std::vector<std::string>& names) {
  std::string list;
  for (const std::string& name : names) list += (list.empty() ? "'" : ", '") + name + "'";
  return list;
}

}  // namespace

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  bool in_quotes = false;
  bool was_quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        in_quotes = false;
      } else {
        field.push_back(c);
      }
    } else if (c == '"') {
      in_quotes = true;
      was_quoted = true;
    } else if (c == ',') {
      fields.push_back(was_quoted ? field : trim(field));
      field.clear();
      was_quoted = false;
    } else if (!(was_quoted && (c == ' ' || c == '\t' || c == '\r'))) {
      field.push_back(c);
    }
  }
  fields.push_back(was_quoted ? field : trim(field));
  return fields;
}

CsvSeries read_csv_series(const std::string& path, const std::string& column,
                          MissingCells missing) {
  std::ifstream in(path);
  if (!in) {
    throw Error(path, fmt::format("cannot open the CSV file: {} (a relative [data] path is taken "
                                  "from the suite file's folder)",
                                  std::strerror(errno)));
  }

  // Read all non-blank lines with their 1-based line numbers, so errors can name the row.
  std::vector<std::pair<std::size_t, std::vector<std::string>>> rows;
  std::string line;
  for (std::size_t line_number = 1; std::getline(in, line); ++line_number) {
    if (trim(line).empty()) continue;
    rows.emplace_back(line_number, split_csv_line(line));
  }
  if (rows.empty()) throw Error(path, "the CSV file has no rows");

  const std::vector<std::string>& first = rows.front().second;
  CsvSeries series;
  const std::string wanted = trim(column);

  // A name in the first row wins over reading the text as an index, so a header literally
  // named "2" is still found by name.
  std::optional<std::size_t> index;
  for (std::size_t i = 0; i < first.size(); ++i) {
    if (!wanted.empty() && first[i] == wanted && !parse_number(first[i])) index = i;
  }
  if (!index) {
    if (wanted.empty()) {
      if (first.size() != 1) {
        throw Error(path, fmt::format("the file has {} columns; set [data] column to a header name "
                                      "or a 0-based index (first row: {})",
                                      first.size(), quoted_list(first)));
      }
      index = 0;
    } else {
      index = parse_index(wanted);
    }
  }
  const bool first_row_is_header = [&] {
    for (const std::string& cell : first)
      if (!parse_number(cell)) return true;
    return false;
  }();
  if (!index || *index >= first.size()) {
    if (first_row_is_header) {
      throw Error(path, fmt::format("no column '{}'; the header names are {} (or give a 0-based "
                                    "index below {})",
                                    wanted, quoted_list(first), first.size()));
    }
    throw Error(path, fmt::format("no column '{}'; the file has no header row and {} column(s), "
                                  "so give a 0-based index below {}",
                                  wanted, first.size(), first.size()));
  }

  series.column_index = *index;
  series.has_header = !parse_number(first[*index]);
  series.column_name =
      series.has_header ? first[*index] : fmt::format("column {}", series.column_index);

  series.values.reserve(rows.size());
  std::vector<std::size_t> empty;  // positions in series.values still to interpolate
  for (std::size_t r = series.has_header ? 1 : 0; r < rows.size(); ++r) {
    const auto& [line_number, fields] = rows[r];
    const std::string location = fmt::format("{}:{}", path, line_number);
    // Every row has as many fields as the first: a stray or missing comma shifts the columns,
    // and the value read would silently come from another one.
    if (fields.size() != first.size()) {
      throw Error(location, fmt::format("row {} has {} field(s), the first row has {}: a ragged "
                                        "row (a stray or missing comma?)",
                                        line_number, fields.size(), first.size()));
    }
    const std::string& cell = fields[series.column_index];
    if (cell.empty()) {
      if (missing == MissingCells::drop) continue;
      if (missing == MissingCells::interpolate) {
        empty.push_back(series.values.size());
        series.values.push_back(std::nan(""));
        continue;
      }
      throw Error(location, fmt::format("row {}, column '{}' is empty; set [data] missing = "
                                        "\"drop\" to leave such rows out or \"interpolate\" to "
                                        "fill them from their neighbours",
                                        line_number, series.column_name));
    }
    const std::optional<double> value = parse_number(cell);
    if (!value) {
      throw Error(location, fmt::format("row {}, column '{}': expected a finite number, got '{}'",
                                        line_number, series.column_name, cell));
    }
    series.values.push_back(*value);
  }
  if (!empty.empty()) {
    if (empty.size() == series.values.size())
      throw Error(path, fmt::format("column '{}' has no filled cell to interpolate from",
                                    series.column_name));
    // Between the nearest filled cells, linearly; before the first or after the last, the
    // nearest filled value.
    std::vector<double>& v = series.values;
    std::size_t previous = v.size();  // none yet
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (std::isnan(v[i])) continue;
      if (previous == v.size()) {
        for (std::size_t k = 0; k < i; ++k) v[k] = v[i];
      } else {
        for (std::size_t k = previous + 1; k < i; ++k)
          v[k] = v[previous] + (v[i] - v[previous]) * static_cast<double>(k - previous) /
                                   static_cast<double>(i - previous);
      }
      previous = i;
    }
    for (std::size_t k = previous + 1; k < v.size(); ++k) v[k] = v[previous];
  }
  return series;
}

}  // namespace lstmbench::workload
