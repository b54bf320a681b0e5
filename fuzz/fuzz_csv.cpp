// CSV file -> series, through read_csv_series. The input's first line is the column to read (a
// header name, an index, or empty), the rest is the file. Any lstmbench::Error is the right
// answer to bad input; anything else is a bug.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/error.hpp"
#include "input_file.hpp"
#include "workload/csv_series.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static lstmbench::fuzz::InputFile file("csv", ".csv");
  const std::uint8_t* end = data + size;
  const std::uint8_t* newline = std::find(data, end, '\n');
  const std::string column(data, newline);
  const std::uint8_t* rest = newline == end ? end : newline + 1;
  try {
    lstmbench::workload::read_csv_series(file.write(rest, static_cast<std::size_t>(end - rest)),
                                         column);
  } catch (const lstmbench::Error&) {
  }
  return 0;
}
