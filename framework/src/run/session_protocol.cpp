#include "run/session_protocol.hpp"

#include <fmt/format.h>

#include <random>

#include "common/json_text.hpp"

namespace lstmbench::run {

std::string make_channel_token() {
  std::random_device device;
  return fmt::format("{:08x}{:08x}{:08x}{:08x}", device(), device(), device(), device());
}

std::string frame_message(nlohmann::json message, const std::string& token) {
  message["lb"] = token;
  std::string framed = "\n";
  framed += json_text(message);
  framed += '\n';
  return framed;
}

nlohmann::json epoch_message(const EpochRecord& r) {
  return {{"type", "epoch"},
          {"round", r.round},
          {"ms", r.ms},
          {"backend_ms", r.backend_ms},
          {"loss", r.loss},
          {"skipped_steps", r.skipped_steps},
          {"steal", r.noise.steal},
          {"other_cpu", r.noise.other_cpu},
          {"gpu_sm_clock_mhz", r.noise.gpu.sm_clock_mhz},
          {"gpu_temperature_c", r.noise.gpu.temperature_c},
          {"gpu_power_w", r.noise.gpu.power_w}};
}

std::optional<EpochRecord> epoch_from_message(const nlohmann::json& m) {
  // JSON has no NaN: a non-finite loss or noise share arrives as null.
  auto number = [&](const char* key) {
    const auto it = m.find(key);
    if (it == m.end() || !it->is_number()) return std::numeric_limits<double>::quiet_NaN();
    return it->get<double>();
  };
  const auto round = m.find("round");
  const auto ms = m.find("ms");
  if (round == m.end() || !round->is_number_integer() || ms == m.end() || !ms->is_number())
    return std::nullopt;
  EpochRecord r;
  r.round = round->get<int>();
  r.ms = ms->get<double>();
  r.backend_ms = number("backend_ms");
  r.loss = number("loss");
  const auto skipped = m.find("skipped_steps");
  r.skipped_steps =
      skipped != m.end() && skipped->is_number_integer() ? skipped->get<std::int64_t>() : 0;
  r.noise.steal = number("steal");
  r.noise.other_cpu = number("other_cpu");
  r.noise.gpu = {number("gpu_sm_clock_mhz"), number("gpu_temperature_c"), number("gpu_power_w")};
  return r;
}

void MessageReader::feed(const char* data, std::size_t size) {
  pending_.append(data, size);
  std::size_t start = 0;
  for (std::size_t end; (end = pending_.find('\n', start)) != std::string::npos; start = end + 1) {
    const std::string_view line(pending_.data() + start, end - start);
    if (line.empty()) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    bool ours = !j.is_discarded() && j.is_object();
    if (ours) {
      const auto lb = j.find("lb");
      const auto type = j.find("type");
      ours = lb != j.end() && lb->is_string() && lb->get_ref<const std::string&>() == token_ &&
             type != j.end() && type->is_string();
    }
    if (ours)
      ready_.push_back(std::move(j));
    else
      junk_bytes_ += line.size() + 1;
  }
  pending_.erase(0, start);
}

std::vector<nlohmann::json> MessageReader::take() {
  std::vector<nlohmann::json> out;
  out.swap(ready_);
  return out;
}

}  // namespace lstmbench::run
