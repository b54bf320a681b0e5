// Text helpers shared by the writers: how numbers, missing values and table cells are spelled.
// Internal to the report module; the spellings are documented in docs/report-columns.md.
#pragma once

#include <cstddef>
#include <string>

#include "suite/case_spec.hpp"

namespace lstmbench::report {

// What a table cell shows where a value does not exist (no timed epochs, not verified, ...).
inline constexpr const char* kMissing = "—";

// CSV numbers: the shortest text that reads back to the same double (scripts lose nothing);
// non-finite values as nan, inf, -inf (what pandas and numpy read).
std::string csv_number(double value);

// CSV field quoting (RFC 4180): quoted when it holds a comma, quote, CR or LF, or starts or ends
// with a space; quotes doubled.
std::string csv_field(const std::string& text);

// Markdown numbers for people: `digits` significant digits in fixed notation, never an exponent
// (times, rates: 1234, 12.35, 0.01234). Non-finite values as nan, inf, -inf.
std::string fixed_significant(double value, int digits);

// `digits` significant digits, exponent where shorter (losses: 0.1234, 1.234e-05).
std::string general_significant(double value, int digits);

// Compact scientific notation with `digits` significant digits (errors: 2.1e-6, 3.0e-2).
std::string compact_scientific(double value, int digits);

// A Markdown table cell: pipes escaped, line breaks turned into spaces.
std::string markdown_cell(const std::string& text);

// At most max_bytes of text (cut at a UTF-8 character boundary, never inside a character),
// followed by " " + note when anything was cut: a plugin may print megabytes into a reason or a
// log line, and the reports must stay readable. RETURNS: text unchanged when it fits.
std::string cap_text(const std::string& text, std::size_t max_bytes, const std::string& note);

// How much of a case's reason the Markdown report shows (CSV and JSON keep more: kDataTextCap).
inline constexpr std::size_t kReasonCap = 2048;
inline constexpr std::size_t kDataTextCap = 65536;

// The note cap_text appends to a case's reason or log line: where the whole text is.
std::string truncated_note(const std::string& log_path);

// options as k=v;k=v in key order (the CSV `options` column).
std::string options_text(const suite::CaseSpec& spec);

// The settings that tell this case apart from the suite's others, except `backend` (a column of
// its own everywhere): "batch_size=32, learning_rate=0.001"; the case id when nothing varies.
std::string describe_case(const suite::CaseSpec& spec);

}  // namespace lstmbench::report
