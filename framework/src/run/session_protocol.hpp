// The channel between the runner and a case's child process.
//
// The child sends JSON lines on a pipe at a descriptor number the runner picks at random; each
// message carries the run's token and starts on a line of its own. So a plugin that writes to a
// stray descriptor (its own logging, a guessed fd 3) neither ends up in a result nor hides the
// real one: lines without the token are ignored and counted. (This guards against accidents,
// not against a plugin set on lying: a plugin runs inside the child and could read the token.)
//
// child -> runner:  {"type":"epoch", ...EpochRecord}   after every epoch, warm-up included
//                   {"type":"setup", "result":{...}}   set-up and warm-up done; waiting
//                   {"type":"round_done", "round":R}   a round's epochs are done
//                   {"type":"final", "result":{...}}   the case's result; the child then exits
// runner -> child:  {"cmd":"round", "round":R, "epochs":N}   (one line each)
//                   {"cmd":"finish"}
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "run/case_session.hpp"

namespace lstmbench::run {

// RETURNS: 32 random hex digits.
std::string make_channel_token();

// RETURNS: the bytes to write for one message: a newline, the JSON with the token, a newline.
std::string frame_message(nlohmann::json message, const std::string& token);

nlohmann::json epoch_message(const EpochRecord& record);
// RETURNS: the record in an "epoch" message; nothing if a field is missing or mistyped.
std::optional<EpochRecord> epoch_from_message(const nlohmann::json& message);

// Splits what arrives on the channel into messages, keeping an incomplete last line for later.
class MessageReader {
 public:
  explicit MessageReader(std::string token) : token_(std::move(token)) {}
  void feed(const char* data, std::size_t size);
  // RETURNS: the complete messages that carry the token, in order; removes them.
  std::vector<nlohmann::json> take();
  // Bytes that arrived on the channel but were not a message of this run.
  std::size_t junk_bytes() const { return junk_bytes_; }

 private:
  std::string token_;
  std::string pending_;
  std::vector<nlohmann::json> ready_;
  std::size_t junk_bytes_ = 0;
};

}  // namespace lstmbench::run
