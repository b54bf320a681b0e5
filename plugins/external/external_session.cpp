#include "external_session.hpp"

#include <algorithm>
#include <filesystem>
#include <lstmbench/npy.hpp>
#include <stdexcept>

namespace lstmbench::external {
namespace {

using nlohmann::json;

bool listed(const json& names, const std::string& name) {
  return std::any_of(names.begin(), names.end(),
                     [&](const json& n) { return n.is_string() && n == name; });
}

std::string join(const json& names) {
  std::string r;
  for (const json& n : names)
    r += (r.empty() ? "" : ", ") + (n.is_string() ? n.get<std::string>() : n.dump());
  return r.empty() ? "none" : r;
}

}  // namespace

json config_json(const sdk::CaseConfig& c, const sdk::Dataset& data) {
  return json{{"input_size", c.input_size},
              {"hidden_size", c.hidden_size},
              {"num_layers", c.num_layers},
              {"seq_len", c.seq_len},
              {"batch_size", c.batch_size},
              {"activation", c.activation},
              {"recurrent_activation", c.recurrent_activation},
              {"recurrent_dropout", c.recurrent_dropout},
              {"optimizer", c.optimizer},
              {"learning_rate", c.learning_rate},
              {"adam_beta1", c.adam_beta1},
              {"adam_beta2", c.adam_beta2},
              {"adam_epsilon", c.adam_epsilon},
              {"precision", c.precision},
              {"mode", c.mode},
              {"seed", c.seed},
              {"num_train", data.num_train},
              {"num_val", data.num_val},
              {"options", c.options}};
}

ExternalSession::ExternalSession(const sdk::CaseConfig& config, const sdk::Dataset& data,
                                 std::span<const float> weights)
    : config_(config), num_weights_(weights.size()) {
  write_workload_files(dir_.path(), config, data, weights);
  const ExternalOptions options = parse_options(config.options);
  peer_ = std::make_unique<PeerConnection>(options);
  // The hello's capabilities answer the cheap questions before the program loads anything.
  const json& caps = peer_->capabilities();
  const std::string& name = options.name;
  if (!listed(caps["precisions"], config.precision))
    throw sdk::Unsupported(name + " offers precisions " + join(caps["precisions"]) +
                           "; this case has " + config.precision);
  if (!listed(caps["modes"], config.mode))
    throw sdk::Unsupported(name + " offers modes " + join(caps["modes"]) + "; this case has " +
                           config.mode);
  json reply = peer_->request(
      {{"cmd", "create"}, {"workload_dir", dir_.path()}, {"config", config_json(config, data)}});
  info_.details = std::string("peer=").append(peer_->peer_name());
  if (auto framework = caps.find("framework"); framework != caps.end() && framework->is_string())
    info_.details.append(";framework=").append(framework->get<std::string>());
  if (auto details = reply.find("details"); details != reply.end() && details->is_string())
    info_.details.append(";").append(details->get<std::string>());
  if (auto bytes = reply.find("device_bytes"); bytes != reply.end() && bytes->is_number_integer())
    info_.device_bytes = bytes->get<std::int64_t>();
}

sdk::EpochResult ExternalSession::train_epoch(std::span<const std::int32_t> order,
                                              std::span<double> step_losses) {
  const char* cmd = "train_epoch";
  bool want = !step_losses.empty();
  json reply = peer_->request({{"cmd", cmd},
                               {"order", std::vector<std::int32_t>(order.begin(), order.end())},
                               {"want_step_losses", want}});
  sdk::EpochResult r;
  r.mean_loss = peer_->number(reply, "mean_loss", cmd);
  r.backend_ms = peer_->number(reply, "ms", cmd);
  std::int64_t steps = peer_->integer(reply, "num_steps", cmd);
  std::int64_t expected = static_cast<std::int64_t>(order.size()) / config_.batch_size;
  if (steps != expected)
    peer_->fail(peer_->who() + " ran " + std::to_string(steps) + " steps in " + cmd + "; " +
                std::to_string(order.size()) + " windows in batches of " +
                std::to_string(config_.batch_size) + " make " + std::to_string(expected));
  r.num_steps = static_cast<std::size_t>(steps);
  if (reply.contains("skipped_steps"))
    r.skipped_steps = peer_->integer(reply, "skipped_steps", cmd);
  if (want) {
    const json& losses = peer_->array(reply, "step_losses", cmd);
    if (losses.size() != r.num_steps || losses.size() > step_losses.size())
      peer_->fail(peer_->who() + " sent " + std::to_string(losses.size()) + " step_losses for " +
                  std::to_string(r.num_steps) + " steps");
    for (std::size_t i = 0; i < losses.size(); ++i)
      step_losses[i] = losses[i].is_number() ? losses[i].get<double>() : NAN;
  }
  return r;
}

double ExternalSession::evaluate() {
  json reply = peer_->request({{"cmd", "evaluate"}});
  return peer_->number(reply, "val_loss", "evaluate");
}

void ExternalSession::read_weights(std::span<float> weights) {
  std::string path = dir_.path() + "/weights.npy";
  std::filesystem::remove(path);  // never read back a stale file from an earlier call
  peer_->request({{"cmd", "write_weights"}, {"path", path}});
  npy::Array<float> written;
  try {
    written = npy::read<float>(path);
  } catch (const std::exception& e) {
    peer_->fail(peer_->who() + " answered write_weights but its file is unusable: " + e.what());
  }
  if (written.data.size() != num_weights_ || weights.size() != num_weights_)
    peer_->fail(peer_->who() + " wrote " + std::to_string(written.data.size()) +
                " weights; the canonical layout of this case has " + std::to_string(num_weights_));
  std::copy(written.data.begin(), written.data.end(), weights.begin());
}

}  // namespace lstmbench::external
