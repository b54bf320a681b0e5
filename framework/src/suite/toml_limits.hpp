// Limits on how deeply a suite may nest, checked on the raw text before TOML++ reads it.
//
// TOML++ parses nested arrays, inline tables and dotted keys by recursion, so a file such as
// `x = [[[[...]]]]` or a key with tens of thousands of dotted parts overflows the stack and kills
// the process instead of giving an error. This scanner walks the text once, knowing only enough
// TOML to tell keys from values and to skip strings and comments, and refuses such a file with
// an lstmbench::Error at file:line:column. It is not a TOML validator: whatever it lets through,
// TOML++ still checks. The limits are far above anything a real suite writes
// (docs/suite-format.md, "Limits").
#pragma once

#include <string>
#include <string_view>

namespace lstmbench::suite {

// Arrays and inline tables open at once (`x = [[1]]` is 2).
inline constexpr int kMaxTomlNesting = 64;
// Parts of one key or table header (`a.b.c = 1` and `[a.b.c]` are 3).
inline constexpr int kMaxTomlKeyParts = 128;

// THROWS lstmbench::Error at `path`:line:column (of the bracket or brace that opens one level too
// many, or of the key or header that has too many parts) naming the limit. Does nothing to a text
// within the limits, valid TOML or not.
void check_toml_limits(std::string_view text, const std::string& path);

}  // namespace lstmbench::suite
