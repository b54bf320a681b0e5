// One pass over the text with just enough TOML to know where keys and values are: a line at the
// top level starts a key or a [table header]; `=` starts a value; in a value, `[` and `{` open a
// level and `{` and `,` inside an inline table start another key. Strings and comments are
// skipped the way TOML++ reads them, so brackets and dots inside them count for nothing. Where
// the text is not TOML, the scanner only has to agree with TOML++ up to the first place TOML++
// stops with a syntax error: nothing after that point is ever parsed.
#include "suite/toml_limits.hpp"

#include <fmt/format.h>

#include <cstddef>
#include <vector>

#include "common/error.hpp"
#include "suite/grid.hpp"

namespace lstmbench::suite {
namespace {

class Scanner {
 public:
  Scanner(std::string_view text, const std::string& path) : text_(text), path_(path) {}

  void run() {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // TOML++ skips a UTF-8 byte order mark
    while (pos_ < text_.size()) step();
  }

 private:
  enum class Mode {
    kLineStart,   // top level, before anything on this line
    kKey,         // a key, up to its `=`
    kHeader,      // inside [table] or [[array.of.tables]]
    kRestOfLine,  // after a header's `]`
    kValue,       // after `=`, or inside an array
  };

  struct Position {
    std::size_t line = 1;
    std::size_t column = 1;
  };

  char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }

  // Columns count code points, as TOML++'s do: a UTF-8 continuation byte does not move it.
  void advance() {
    const char c = text_[pos_++];
    if (c == '\n') {
      at_ = {at_.line + 1, 1};
    } else if (pos_ < text_.size() && (static_cast<unsigned char>(text_[pos_]) & 0xC0) != 0x80) {
      ++at_.column;
    }
  }

  void step() {
    const char c = peek();
    if (c == '#') return skip_comment();
    if (mode_ == Mode::kLineStart && c != ' ' && c != '\t' && c != '\r' && c != '\n') {
      if (c == '[') return begin_header();
      mode_ = Mode::kKey;
      key_started_ = false;
    }
    if (mode_ == Mode::kKey && !key_started_ && c != ' ' && c != '\t' && c != '\r' && c != '\n') {
      begin_key("a key");
    }
    if (c == '"' || c == '\'') return skip_string(c);
    switch (mode_) {
      case Mode::kLineStart:
      case Mode::kRestOfLine:
        if (c == '\n') mode_ = Mode::kLineStart;
        break;
      case Mode::kKey:
        if (c == '.') {
          add_key_part();
        } else if (c == '=') {
          mode_ = Mode::kValue;
        } else if (c == '}') {  // `{}`, or a trailing comma TOML++ will refuse
          close();
        } else if (c == ',') {
          key_started_ = false;
        } else if (c == '\n' && open_.empty()) {
          mode_ = Mode::kLineStart;
        }
        break;
      case Mode::kHeader:
        if (c == '.') {
          add_key_part();
        } else if (c == ']') {
          mode_ = Mode::kRestOfLine;
        } else if (c == '\n') {
          mode_ = Mode::kLineStart;
        }
        break;
      case Mode::kValue:
        if (c == '[' || c == '{') {
          open(c);
        } else if (c == ']' || c == '}') {
          close();
        } else if (c == ',' && !open_.empty() && open_.back() == '{') {
          mode_ = Mode::kKey;
          key_started_ = false;
        } else if (c == '\n' && open_.empty()) {
          mode_ = Mode::kLineStart;
        }
        break;
    }
    advance();
  }

  void begin_header() {
    mode_ = Mode::kHeader;
    begin_key("a table header");
    advance();
    if (peek() == '[') advance();  // [[array.of.tables]]
  }

  void begin_key(const char* what) {
    key_started_ = true;
    key_at_ = at_;
    key_what_ = what;
    key_parts_ = 1;
  }

  void add_key_part() {
    if (++key_parts_ > kMaxTomlKeyParts) {
      fail(key_at_, fmt::format("{} with more than {} dotted parts; a suite needs only a few",
                                key_what_, kMaxTomlKeyParts));
    }
  }

  void open(char bracket) {
    if (open_.size() >= static_cast<std::size_t>(kMaxTomlNesting)) {
      fail(at_, fmt::format("more than {} nested arrays/inline tables; a suite needs only a few",
                            kMaxTomlNesting));
    }
    open_.push_back(bracket);
    if (bracket == '{') {
      mode_ = Mode::kKey;
      key_started_ = false;
    }
  }

  // A stray closer at the top level is TOML++'s syntax error to report, not a limit.
  void close() {
    if (!open_.empty()) open_.pop_back();
    mode_ = Mode::kValue;
  }

  // Up to the line break, which step() then sees (a comment ends a top-level line too).
  void skip_comment() {
    while (pos_ < text_.size() && peek() != '\n') advance();
  }

  // From the opening quote to past the closing one. A single-line string also ends at a line
  // break (TOML++ refuses one there); a multi-line string ends at the first unescaped triple
  // quote, taking up to two more quotes as content (`"""a"""""` is a"").
  void skip_string(char quote) {
    const bool multi_line = peek(1) == quote && peek(2) == quote;
    const bool escapes = quote == '"';
    for (int i = 0; i < (multi_line ? 3 : 1); ++i) advance();
    while (pos_ < text_.size()) {
      const char c = peek();
      if (escapes && c == '\\') {
        advance();
        if (pos_ < text_.size() && (multi_line || peek() != '\n')) advance();
      } else if (!multi_line && c == '\n') {
        return;
      } else if (c == quote && (!multi_line || (peek(1) == quote && peek(2) == quote))) {
        for (int i = 0; i < (multi_line ? 3 : 1); ++i) advance();
        for (int extra = 0; multi_line && extra < 2 && peek() == quote; ++extra) advance();
        return;
      } else {
        advance();
      }
    }
  }

  [[noreturn]] void fail(Position at, const std::string& message) const {
    toml::source_region region;
    region.begin = {static_cast<toml::source_index>(at.line),
                    static_cast<toml::source_index>(at.column)};
    region.end = region.begin;
    throw Error(format_location(path_, region), message);
  }

  std::string_view text_;
  const std::string& path_;
  std::size_t pos_ = 0;
  Position at_;
  Mode mode_ = Mode::kLineStart;
  std::vector<char> open_;  // the arrays `[` and inline tables `{` open here, innermost last
  bool key_started_ = false;
  Position key_at_;
  const char* key_what_ = "a key";
  int key_parts_ = 0;
};

}  // namespace

void check_toml_limits(std::string_view text, const std::string& path) {
  Scanner(text, path).run();
}

}  // namespace lstmbench::suite
