// The plugin's side of the lstmbench external protocol, version 1 (docs/external-protocol.md):
// one request line, one reply line, each a JSON object, with a deadline on every exchange.
//
// Every way a program can break the protocol becomes a std::runtime_error whose message names
// the program and the fault ("external program 'torch' sent malformed JSON in reply to
// train_epoch: ..."); the plugin's trampolines turn it into LB_BACKEND_ERROR for that case.
// After a fault the program is killed and every later request fails at once with the same
// message, so a broken session can never hang the runner.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "peer_messages.hpp"

namespace lstmbench::external {

// The external.* options of a case (validated; see parse_options).
struct ExternalOptions {
  std::string name;                  // external.name: the suite's backend name, for messages
  std::vector<std::string> command;  // external.command: argv, a JSON array of strings
  double timeout_s = 600;            // external.timeout_s: limit on each reply
};

// RETURNS: the options of a case. Throws std::invalid_argument saying which option is missing
// or malformed and what a valid one looks like.
ExternalOptions parse_options(const std::map<std::string, std::string>& options);

class PeerConnection {
 public:
  // Starts the program and reads its hello. Throws (with the reason) if it does not start,
  // does not greet in time, or speaks another protocol or version.
  explicit PeerConnection(ExternalOptions options);
  ~PeerConnection();  // shutdown: asks politely, waits briefly, then kills

  // The hello line's fields.
  const std::string& peer_name() const { return peer_name_; }
  const nlohmann::json& capabilities() const { return capabilities_; }

  // Sends request (its "cmd" names the exchange in messages) and returns the reply.
  // RETURNS: the reply object when it says "ok": true. A reply {"ok": false, "unsupported":
  // reason} throws sdk::Unsupported; {"ok": false, "error": text} throws with that text.
  nlohmann::json request(const nlohmann::json& request);

  // Field readers that raise the protocol's "missing field" / "wrong type" faults (a fault
  // kills the program, hence not const).
  // A null number is NaN (JSON has no NaN; the protocol sends non-finite numbers as null).
  double number(const nlohmann::json& reply, const char* field, const char* cmd);
  std::int64_t integer(const nlohmann::json& reply, const char* field, const char* cmd);
  const nlohmann::json& array(const nlohmann::json& reply, const char* field, const char* cmd);

  // RETURNS: "external program 'NAME'", the subject of every message.
  std::string who() const;
  // A protocol fault (a reply that breaks the protocol's rules): kills the program, remembers
  // message for every later request, and throws it.
  [[noreturn]] void fail(const std::string& message);

 private:
  nlohmann::json read_reply(const char* cmd);
  [[noreturn]] void fail_closed(const char* cmd);
  void check_hello(const nlohmann::json& hello);
  Clock::time_point deadline() const;

  ExternalOptions options_;
  std::unique_ptr<ChildProcess> child_;
  std::string peer_name_;
  nlohmann::json capabilities_;
  std::string fault_;  // set by the first fault; later requests fail with it
};

}  // namespace lstmbench::external
