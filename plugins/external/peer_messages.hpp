// What the peer sends, as data: each line of the external protocol (docs/external-protocol.md)
// parsed and checked with no process behind it. PeerConnection reads the lines and turns a
// ProtocolFault into a fault of the session (the program is killed); the fuzz target feeds lines
// straight in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace lstmbench::external {

inline constexpr const char* kProtocolName = "lstmbench-external";
inline constexpr int kProtocolVersion = 1;

inline constexpr std::size_t kQuoteChars = 200;  // of a malformed line, in messages

// A line or field that breaks the protocol's rules. The message names the program (`who`, as
// "external program 'NAME'") and the fault.
class ProtocolFault : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// RETURNS: 'text' in quotes, cut at `limit` characters with "...' (N bytes)" when longer.
std::string quote(const std::string& text, std::size_t limit = kQuoteChars);

// RETURNS: the JSON object on `line`, the reply to `cmd`. THROWS ProtocolFault when the line is
// not JSON or not an object.
nlohmann::json parse_reply_line(const std::string& line, const std::string& who, const char* cmd);

struct Hello {
  std::string peer_name;        // its "name", else `default_name`
  nlohmann::json capabilities;  // an object with the arrays "precisions" and "modes"
};

// RETURNS: the fields of a hello reply. THROWS ProtocolFault for another protocol or version, or
// capabilities that are not an object with the arrays "precisions" and "modes".
Hello parse_hello(const nlohmann::json& hello, const std::string& who,
                  const std::string& default_name);

// Checks the "ok" of a reply to `cmd`; returns when it is true. THROWS ProtocolFault without a
// boolean "ok"; sdk::Unsupported ("NAME: reason") for {"ok": false, "unsupported": reason};
// std::runtime_error for {"ok": false, "error": text}: the case fails, but the program answered,
// so that is no fault.
void check_ok(const nlohmann::json& reply, const std::string& who, const std::string& name,
              const std::string& cmd);

// Field readers that THROW ProtocolFault for a missing field or one of the wrong type.
// A null number is NaN (JSON has no NaN; the protocol sends non-finite numbers as null).
double reply_number(const nlohmann::json& reply, const char* field, const std::string& who,
                    const char* cmd);
std::int64_t reply_integer(const nlohmann::json& reply, const char* field, const std::string& who,
                           const char* cmd);
const nlohmann::json& reply_array(const nlohmann::json& reply, const char* field,
                                  const std::string& who, const char* cmd);

}  // namespace lstmbench::external
