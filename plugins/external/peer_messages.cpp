#include "peer_messages.hpp"

#include <cmath>
#include <lstmbench/plugin.hpp>

namespace lstmbench::external {
namespace {

using nlohmann::json;

constexpr std::size_t kPeerErrorChars = 600;  // of a peer's own error text (lb_message is 1 KiB)
// Replies nest two or three levels. Writing a reply into a message (dump) and copying it recurse
// once per level, so a line of thousands of brackets would overflow the stack instead of failing.
constexpr int kMaxReplyDepth = 64;

struct TooDeep {};

}  // namespace

// Built with append: GCC 12 warns falsely (-Wrestrict, its bug 105651) on "'" + text.
std::string quote(const std::string& text, std::size_t limit) {
  std::string r(1, '\'');
  r.append(text, 0, limit).append(text.size() <= limit ? "'" : "...'");
  if (text.size() > limit) r.append(" (").append(std::to_string(text.size())).append(" bytes)");
  return r;
}

json parse_reply_line(const std::string& line, const std::string& who, const char* cmd) {
  json reply;
  // The parser itself does not recurse; the callback stops it at the first level too deep.
  const auto limit_depth = [](int depth, json::parse_event_t, json&) {
    if (depth > kMaxReplyDepth) throw TooDeep{};
    return true;
  };
  try {
    reply = json::parse(line, limit_depth);
  } catch (const json::exception& e) {
    // Not only parse_error: a number too large for a double (1e999) is an out_of_range, thrown
    // from inside the parser.
    throw ProtocolFault(who + " sent malformed JSON in reply to " + cmd + " (" + e.what() +
                        "): " + quote(line));
  } catch (const TooDeep&) {
    throw ProtocolFault(who + " sent a reply to " + cmd + " nested more than " +
                        std::to_string(kMaxReplyDepth) + " levels deep: " + quote(line));
  }
  if (!reply.is_object())
    throw ProtocolFault(who + " sent a reply to " + cmd +
                        " that is not a JSON object: " + quote(line));
  return reply;
}

Hello parse_hello(const json& hello, const std::string& who, const std::string& default_name) {
  auto protocol = hello.find("protocol");
  if (protocol == hello.end() || !protocol->is_string() || *protocol != kProtocolName)
    throw ProtocolFault(who + " did not greet with {\"protocol\": \"" + kProtocolName +
                        "\", ...}: " + quote(hello.dump()));
  std::int64_t version = reply_integer(hello, "version", who, "hello");
  if (version != kProtocolVersion)
    throw ProtocolFault(who + " speaks " + kProtocolName + " version " + std::to_string(version) +
                        "; this plugin speaks version " + std::to_string(kProtocolVersion));
  Hello r;
  auto name = hello.find("name");
  r.peer_name = name != hello.end() && name->is_string() ? name->get<std::string>() : default_name;
  auto capabilities = hello.find("capabilities");
  if (capabilities == hello.end() || !capabilities->is_object())
    throw ProtocolFault(who + " sent a hello without the field 'capabilities' (an object)");
  r.capabilities = *capabilities;
  reply_array(r.capabilities, "precisions", who, "hello's capabilities");
  reply_array(r.capabilities, "modes", who, "hello's capabilities");
  return r;
}

void check_ok(const json& reply, const std::string& who, const std::string& name,
              const std::string& cmd) {
  auto ok = reply.find("ok");
  if (ok == reply.end() || !ok->is_boolean())
    throw ProtocolFault(who + " replied to " + cmd +
                        " without the field 'ok' (true or false): " + quote(reply.dump()));
  if (*ok) return;
  if (auto reason = reply.find("unsupported"); reason != reply.end() && reason->is_string())
    throw sdk::Unsupported(name + ": " + reason->get<std::string>().substr(0, kPeerErrorChars));
  auto error = reply.find("error");
  std::string text = error != reply.end() && error->is_string()
                         ? error->get<std::string>().substr(0, kPeerErrorChars)
                         : "(no 'error' text in its reply " + quote(reply.dump()) + ")";
  throw std::runtime_error(who + " failed at " + cmd + ": " + text);
}

double reply_number(const json& reply, const char* field, const std::string& who, const char* cmd) {
  auto it = reply.find(field);
  if (it == reply.end())
    throw ProtocolFault(who + " replied to " + cmd + " without the field '" + field +
                        "' (a number)");
  if (it->is_null()) return NAN;
  if (!it->is_number())
    throw ProtocolFault(who + " replied to " + cmd + " with '" + field +
                        "' = " + quote(it->dump()) + ", expected a number");
  return it->get<double>();
}

std::int64_t reply_integer(const json& reply, const char* field, const std::string& who,
                           const char* cmd) {
  auto it = reply.find(field);
  if (it == reply.end())
    throw ProtocolFault(who + " replied to " + cmd + " without the field '" + field +
                        "' (an integer)");
  if (!it->is_number_integer())
    throw ProtocolFault(who + " replied to " + cmd + " with '" + field +
                        "' = " + quote(it->dump()) + ", expected an integer");
  return it->get<std::int64_t>();
}

const json& reply_array(const json& reply, const char* field, const std::string& who,
                        const char* cmd) {
  auto it = reply.find(field);
  if (it == reply.end())
    throw ProtocolFault(who + " replied to " + cmd + " without the field '" + field +
                        "' (an array)");
  if (!it->is_array())
    throw ProtocolFault(who + " replied to " + cmd + " with '" + field +
                        "' = " + quote(it->dump()) + ", expected an array");
  return *it;
}

}  // namespace lstmbench::external
