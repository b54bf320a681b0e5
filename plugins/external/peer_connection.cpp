#include "peer_connection.hpp"

#include <cmath>
#include <lstmbench/plugin.hpp>
#include <sstream>
#include <stdexcept>

namespace lstmbench::external {
namespace {

using nlohmann::json;

constexpr auto kShutdownGrace = std::chrono::seconds(5);

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
  try {
    return parse_reply_line(line, who(), cmd);
  } catch (const ProtocolFault& fault) {
    fail(fault.what());
  }
}

void PeerConnection::check_hello(const json& hello) {
  try {
    Hello parsed = parse_hello(hello, who(), options_.name);
    peer_name_ = std::move(parsed.peer_name);
    capabilities_ = std::move(parsed.capabilities);
  } catch (const ProtocolFault& fault) {
    fail(fault.what());
  }
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
  try {
    // A failure the program reports (not a fault) leaves it well: shutdown stays polite.
    check_ok(reply, who(), options_.name, cmd);
  } catch (const ProtocolFault& fault) {
    fail(fault.what());
  }
  return reply;
}

double PeerConnection::number(const json& reply, const char* field, const char* cmd) {
  try {
    return reply_number(reply, field, who(), cmd);
  } catch (const ProtocolFault& fault) {
    fail(fault.what());
  }
}

std::int64_t PeerConnection::integer(const json& reply, const char* field, const char* cmd) {
  try {
    return reply_integer(reply, field, who(), cmd);
  } catch (const ProtocolFault& fault) {
    fail(fault.what());
  }
}

const json& PeerConnection::array(const json& reply, const char* field, const char* cmd) {
  try {
    return reply_array(reply, field, who(), cmd);
  } catch (const ProtocolFault& fault) {
    fail(fault.what());
  }
}

}  // namespace lstmbench::external
