// A GitHub-flavoured Markdown table: headers, per-column alignment, rows of already-formatted
// cells. Cells are escaped here, so writers pass plain text.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace lstmbench::report {

class MarkdownTable {
 public:
  enum class Align { left, right };

  void add_column(std::string header, Align align = Align::left);
  // REQUIRES: one cell per column.
  void add_row(std::vector<std::string> cells);
  bool empty() const { return rows_.empty(); }

  // Columns are padded to a common width so the table also reads well as plain text (what
  // `lstmbench run` prints to the terminal).
  void write(std::ostream& out) const;

 private:
  std::vector<std::string> headers_;
  std::vector<Align> aligns_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace lstmbench::report
