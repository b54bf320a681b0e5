#include "report/format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace lstmbench::report {
namespace {

// nullptr for a finite value; what the writers spell non-finite values otherwise.
const char* non_finite_text(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  return nullptr;
}

}  // namespace

std::string csv_number(double value) {
  if (const char* text = non_finite_text(value)) return text;
  return fmt::format("{}", value);
}

std::string csv_field(const std::string& text) {
  const bool needs_quotes = text.find_first_of(",\"\r\n") != std::string::npos ||
                            (!text.empty() && (text.front() == ' ' || text.back() == ' '));
  if (!needs_quotes) return text;
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string fixed_significant(double value, int digits) {
  if (const char* text = non_finite_text(value)) return text;
  if (value == 0.0) return "0";
  // Decimals so that `digits` significant digits show; large values keep all integer digits
  // (an epoch of 12345 ms reads better as 12345 than as 1.234e+04).
  const int magnitude = static_cast<int>(std::floor(std::log10(std::abs(value))));
  const int decimals = std::max(0, digits - 1 - magnitude);
  std::string text = fmt::format("{:.{}f}", value, decimals);
  // Rounding can carry into a new digit (9.9996 -> 10.000); drop the decimal it made surplus.
  if (decimals > 0 && std::abs(std::stod(text)) >= std::pow(10.0, magnitude + 1)) {
    text = fmt::format("{:.{}f}", value, decimals - 1);
  }
  return text;
}

std::string general_significant(double value, int digits) {
  if (const char* text = non_finite_text(value)) return text;
  return fmt::format("{:.{}g}", value, digits);
}

std::string compact_scientific(double value, int digits) {
  if (const char* text = non_finite_text(value)) return text;
  if (value == 0.0) return "0";  // an exact match (the reference against itself), not 0.0e0
  // fmt writes 2.1e-06; people read 2.1e-6 more easily, and it is narrower in a table.
  const std::string text = fmt::format("{:.{}e}", value, std::max(digits - 1, 0));
  const auto e = text.find('e');
  const std::string mantissa = text.substr(0, e);
  std::string exponent = text.substr(e + 1);
  const bool negative = exponent.front() == '-';
  exponent.erase(0, 1);  // the sign
  exponent.erase(0, std::min(exponent.find_first_not_of('0'), exponent.size() - 1));
  return mantissa + "e" + (negative ? "-" : "") + exponent;
}

std::string markdown_cell(const std::string& text) {
  std::string cell;
  cell.reserve(text.size());
  for (const char c : text) {
    if (c == '|') {
      cell += "\\|";
    } else if (c == '\n') {
      cell += ' ';
    } else if (c != '\r') {
      cell += c;
    }
  }
  return cell;
}

std::string cap_text(const std::string& text, std::size_t max_bytes, const std::string& note) {
  if (text.size() <= max_bytes) return text;
  std::size_t end = max_bytes;
  // Back up over UTF-8 continuation bytes (10xxxxxx) so no character is cut in half.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end) + (note.empty() ? "" : " " + note);
}

std::string truncated_note(const std::string& log_path) {
  return "… truncated, see " + (log_path.empty() ? std::string("results.jsonl") : log_path);
}

std::string options_text(const suite::CaseSpec& spec) {
  std::string text;
  for (const auto& [key, value] : spec.options) {
    if (!text.empty()) text += ';';
    text += key + "=" + value;
  }
  return text;
}

std::string describe_case(const suite::CaseSpec& spec) {
  std::string text;
  for (const auto& [name, value] : spec.varying) {
    if (name == "backend") continue;
    if (!text.empty()) text += ", ";
    text += name + "=" + value;
  }
  if (text.empty()) text = spec.id.empty() ? fmt::format("#{}", spec.index) : spec.id;
  return text;
}

}  // namespace lstmbench::report
