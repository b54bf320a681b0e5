#include "report/markdown_table.hpp"

#include <algorithm>
#include <cstddef>

#include "common/error.hpp"
#include "report/format.hpp"

namespace lstmbench::report {
namespace {

// Display width: UTF-8 code points, not bytes ("—" is one column wide, three bytes long).
std::size_t display_width(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string pad(const std::string& text, std::size_t width, MarkdownTable::Align align) {
  const std::string fill(width - std::min(width, display_width(text)), ' ');
  return align == MarkdownTable::Align::right ? fill + text : text + fill;
}

}  // namespace

void MarkdownTable::add_column(std::string header, Align align) {
  headers_.push_back(markdown_cell(header));
  aligns_.push_back(align);
}

void MarkdownTable::add_row(std::vector<std::string> cells) {
  if (cells.size() != headers_.size()) {
    throw Error("MarkdownTable", "a row has " + std::to_string(cells.size()) + " cells for " +
                                     std::to_string(headers_.size()) + " columns");
  }
  for (std::string& cell : cells) cell = markdown_cell(cell);
  rows_.push_back(std::move(cells));
}

void MarkdownTable::write(std::ostream& out) const {
  std::vector<std::size_t> widths(headers_.size(), 3);  // "---" is the narrowest rule
  for (std::size_t c = 0; c < headers_.size(); ++c) {
    widths[c] = std::max(widths[c], display_width(headers_[c]));
    for (const auto& row : rows_) widths[c] = std::max(widths[c], display_width(row[c]));
  }
  auto write_line = [&](const std::vector<std::string>& cells) {
    out << '|';
    for (std::size_t c = 0; c < cells.size(); ++c)
      out << ' ' << pad(cells[c], widths[c], aligns_[c]) << " |";
    out << '\n';
  };
  write_line(headers_);
  out << '|';
  for (std::size_t c = 0; c < headers_.size(); ++c) {
    const bool right = aligns_[c] == Align::right;
    out << ' ' << std::string(widths[c] - (right ? 1 : 0), '-') << (right ? ":" : "") << " |";
  }
  out << '\n';
  for (const auto& row : rows_) write_line(row);
}

}  // namespace lstmbench::report
