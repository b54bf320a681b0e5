#include "peer_connection.hpp"

#include <cmath>
#include <lstmbench/plugin.hpp>
#include <sstream>
#include <stdexcept>

namespace lstmbench::external {
namespace {

using nlohmann::json;

constexpr std::size_t kQuoteChars = 200;      // of a malformed line, in messages
constexpr std::size_t kPeerErrorChars = 600;  // of a peer's own error text (lb_message is 1 KiB)
constexpr auto kShutdownGrace = std::chrono::seconds(5);

// Built with append: GCC 12 warns falsely (-Wrestrict, its bug 105651) on "'" + text.
std::string quote(const std::string& text, std::size_t limit = kQuoteChars) {
  std::string r(1, '\'');
  r.append(text, 0, limit).append(text.size() <= limit ? "'" : "...'");
  if (text.size() > limit) r.append(" (").append(std::to_string(text.size())).append(" bytes)");
  return r;
}

std::string format_seconds(double s) {
  std::ostringstream out;
  out << s;
  return out.str();
}

}  // namespace

ExternalOptions parse_options(const std::map<std::string, std::string>& options) {
  ExternalOptions r;
  auto find = [&](const char* key) -> const std::string* {
    auto it = options.find(key);
    return it == options.end() ? nullptr : &it->second;
  };
  const std::string* name = find("external.name");
  r.name = name && !name->empty() ? *name : "external";
  const std::string* command = find("external.command");
  const char* shape =
      R"(a JSON array of strings such as ["/usr/bin/python3", "tools/peers/numpy_peer.py"])";
  if (!command || command->empty())
    throw std::invalid_argument("external backend '" + r.name +
                                "': option external.command is missing; it must be " + shape);
  json argv = json::parse(*command, nullptr, /*allow_exceptions=*/false);
  bool valid = argv.is_array() && !argv.empty();
  for (const json& a : argv) valid = valid && a.is_string() && !a.get<std::string>().empty();
  if (!valid)
    throw std::invalid_argument("external backend '" + r.name + "': external.command must be " +
                                shape + ", got " + quote(*command));
  for (const json& a : argv) r.command.push_back(a.get<std::string>());
  if (const std::string* timeout = find("external.timeout_s"); timeout && !timeout->empty()) {
    std::size_t used = 0;
    double value = 0;
    try {
      value = std::stod(*timeout, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != timeout->size() || !(value > 0) || !std::isfinite(value))
      throw std::invalid_argument("external backend '" + r.name +
                                  "': external.timeout_s must be a positive number of seconds, "
                                  "got " +
                                  quote(*timeout));
    r.timeout_s = value;
  }
  return r;
}

PeerConnection::PeerConnection(ExternalOptions options) : options_(std::move(options)) {
  try {
    child_ = std::make_unique<ChildProcess>(options_.command);
  } catch (const std::exception& e) {
    throw std::runtime_error(who() + " could not start: " + e.what());
  }
  check_hello(read_reply("hello"));
}

PeerConnection::~PeerConnection() {
  if (!child_) return;
  if (fault_.empty()) {
    // Ask politely; the answer does not matter, only that the program gets to exit cleanly.
    auto deadline = Clock::now() + kShutdownGrace;
    std::string line;
    if (child_->write_all(R"({"cmd":"shutdown"})"
                          "\n",
                          deadline) == ChildProcess::Io::kDone)
      child_->read_line(line, deadline);
  }
  child_->stop(std::chrono::duration_cast<std::chrono::milliseconds>(kShutdownGrace));
}

std::string PeerConnection::who() const { return "external program '" + options_.name + "'"; }

Clock::time_point PeerConnection::deadline() const {
  return Clock::now() + std::chrono::duration_cast<Clock::duration>(
                            std::chrono::duration<double>(options_.timeout_s));
}

void PeerConnection::fail(const std::string& message) {
  fault_ = message.substr(0, LB_MESSAGE_CAPACITY - 1);
  if (child_) child_->kill_now();
  throw std::runtime_error(fault_);
}

void PeerConnection::fail_closed(const char* cmd) {
  // Give it a moment to finish dying, so the exit status and the traceback's last line are in.
  auto grace = Clock::now() + std::chrono::seconds(2);
  child_->drain_stderr(grace);
  child_->stop(std::chrono::seconds(2));
  std::string when =
      std::string(cmd) == "hello" ? "before its hello" : std::string("during ") + cmd;
  std::string message = who() + " " + child_->exit_description() + " " + when;
  if (!child_->last_stderr_line().empty())
    message += " (last stderr line: " + quote(child_->last_stderr_line()) + ")";
  fail(message);
}

json PeerConnection::read_reply(const char* cmd) {
  std::string line;
  // Blank lines carry nothing; skipping them costs nothing and forgives a stray newline.
  // One deadline for the whole reply: blank lines must not extend it.
  const Clock::time_point until = deadline();
  ChildProcess::Io io;
  do {
    io = child_->read_line(line, until);
  } while (io == ChildProcess::Io::kDone && line.find_first_not_of(" \t\r") == std::string::npos);
  if (io == ChildProcess::Io::kClosed) fail_closed(cmd);
  if (io == ChildProcess::Io::kTimeout)
    fail(who() + " sent no " +
         (std::string(cmd) == "hello" ? "hello" : "reply to " + std::string(cmd)) + " within " +
         format_seconds(options_.timeout_s) + " s (external.timeout_s); killed it");
  json reply;
  try {
    reply = json::parse(line);
  } catch (const json::parse_error& e) {
    fail(who() + " sent malformed JSON in reply to " + cmd + " (" + e.what() + "): " + quote(line));
  }
  if (!reply.is_object())
    fail(who() + " sent a reply to " + cmd + " that is not a JSON object: " + quote(line));
  return reply;
}

void PeerConnection::check_hello(const json& hello) {
  auto protocol = hello.find("protocol");
  if (protocol == hello.end() || !protocol->is_string() || *protocol != kProtocolName)
    fail(who() + " did not greet with {\"protocol\": \"" + kProtocolName +
         "\", ...}: " + quote(hello.dump()));
  std::int64_t version = integer(hello, "version", "hello");
  if (version != kProtocolVersion)
    fail(who() + " speaks " + kProtocolName + " version " + std::to_string(version) +
         "; this plugin speaks version " + std::to_string(kProtocolVersion));
  auto name = hello.find("name");
  peer_name_ = name != hello.end() && name->is_string() ? name->get<std::string>() : options_.name;
  auto capabilities = hello.find("capabilities");
  if (capabilities == hello.end() || !capabilities->is_object())
    fail(who() + " sent a hello without the field 'capabilities' (an object)");
  capabilities_ = *capabilities;
  array(capabilities_, "precisions", "hello's capabilities");
  array(capabilities_, "modes", "hello's capabilities");
}

json PeerConnection::request(const json& request) {
  std::string cmd = request.at("cmd").get<std::string>();
  if (!fault_.empty()) throw std::runtime_error(fault_);
  std::string line = request.dump() + "\n";
  switch (child_->write_all(line, deadline())) {
    case ChildProcess::Io::kDone:
      break;
    case ChildProcess::Io::kClosed:
      fail_closed(cmd.c_str());
    case ChildProcess::Io::kTimeout:
      fail(who() + " stopped reading its input during " + cmd + " for " +
           format_seconds(options_.timeout_s) + " s (external.timeout_s); killed it");
  }
  json reply = read_reply(cmd.c_str());
  auto ok = reply.find("ok");
  if (ok == reply.end() || !ok->is_boolean())
    fail(who() + " replied to " + cmd +
         " without the field 'ok' (true or false): " + quote(reply.dump()));
  if (*ok) return reply;
  if (auto reason = reply.find("unsupported"); reason != reply.end() && reason->is_string())
    throw sdk::Unsupported(options_.name + ": " +
                           reason->get<std::string>().substr(0, kPeerErrorChars));
  auto error = reply.find("error");
  std::string text = error != reply.end() && error->is_string()
                         ? error->get<std::string>().substr(0, kPeerErrorChars)
                         : "(no 'error' text in its reply " + quote(reply.dump()) + ")";
  // The program is still well: it answered. The case fails, but shutdown stays polite.
  throw std::runtime_error(who() + " failed at " + cmd + ": " + text);
}

double PeerConnection::number(const json& reply, const char* field, const char* cmd) {
  auto it = reply.find(field);
  if (it == reply.end())
    fail(who() + " replied to " + cmd + " without the field '" + field + "' (a number)");
  if (it->is_null()) return NAN;
  if (!it->is_number())
    fail(who() + " replied to " + cmd + " with '" + field + "' = " + quote(it->dump()) +
         ", expected a number");
  return it->get<double>();
}

std::int64_t PeerConnection::integer(const json& reply, const char* field, const char* cmd) {
  auto it = reply.find(field);
  if (it == reply.end())
    fail(who() + " replied to " + cmd + " without the field '" + field + "' (an integer)");
  if (!it->is_number_integer())
    fail(who() + " replied to " + cmd + " with '" + field + "' = " + quote(it->dump()) +
         ", expected an integer");
  return it->get<std::int64_t>();
}

const json& PeerConnection::array(const json& reply, const char* field, const char* cmd) {
  auto it = reply.find(field);
  if (it == reply.end())
    fail(who() + " replied to " + cmd + " without the field '" + field + "' (an array)");
  if (!it->is_array())
    fail(who() + " replied to " + cmd + " with '" + field + "' = " + quote(it->dump()) +
         ", expected an array");
  return *it;
}

}  // namespace lstmbench::external
