// The external protocol's replies -> checked values, as the external plugin reads them: the
// input's first line is the hello, every later line a reply to train_epoch, whose fields are read
// as ExternalSession reads them. Every error of this layer is a std::runtime_error (a protocol
// fault, an unsupported case, or a failure the program reports), which the plugin turns into a
// status code; anything else is a bug.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "peer_messages.hpp"

namespace {

using nlohmann::json;
using namespace lstmbench::external;

const std::string kWho = "external program 'fuzz'";

void read_train_epoch_reply(const std::string& line) {
  const char* cmd = "train_epoch";
  const json reply = parse_reply_line(line, kWho, cmd);
  check_ok(reply, kWho, "fuzz", cmd);
  double sum = reply_number(reply, "mean_loss", kWho, cmd) + reply_number(reply, "ms", kWho, cmd);
  reply_integer(reply, "num_steps", kWho, cmd);
  if (reply.contains("skipped_steps")) reply_integer(reply, "skipped_steps", kWho, cmd);
  for (const json& loss : reply_array(reply, "step_losses", kWho, cmd))
    sum += loss.is_number() ? loss.get<double>() : NAN;
  if (auto bytes = reply.find("device_bytes"); bytes != reply.end() && bytes->is_number_integer())
    sum += static_cast<double>(bytes->get<std::int64_t>());
  (void)sum;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::uint8_t* end = data + size;
  bool hello = true;
  for (const std::uint8_t* at = data; at < end;) {
    const std::uint8_t* newline = std::find(at, end, '\n');
    const std::string line(at, newline);
    at = newline == end ? end : newline + 1;
    try {
      if (hello) {
        parse_hello(parse_reply_line(line, kWho, "hello"), kWho, "fuzz");
      } else {
        read_train_epoch_reply(line);
      }
    } catch (const std::runtime_error&) {
    }
    hello = false;
  }
  return 0;
}
