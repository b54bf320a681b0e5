#include "suite/external_backend.hpp"

#include <nlohmann/json.hpp>

namespace lstmbench::suite {

void run_on_external_plugin(CaseSpec& spec, const ExternalBackend& backend) {
  spec.plugin_backend = kExternalPlugin;
  spec.plugin_options["external.name"] = backend.name;
  // nlohmann escapes quotes, backslashes and control characters; TOML strings are UTF-8, and
  // `replace` keeps a bad byte from throwing should one arrive another way.
  spec.plugin_options["external.command"] =
      nlohmann::json(backend.command)
          .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  // std::to_string as the plugin always received it: six decimals, read back with std::stod.
  spec.plugin_options["external.timeout_s"] = std::to_string(spec.timeout_s);
}

std::vector<std::string> external_command(const CaseSpec& spec) {
  if (spec.plugin_backend != kExternalPlugin) return {};
  const auto it = spec.plugin_options.find("external.command");
  if (it == spec.plugin_options.end()) return {};
  const nlohmann::json argv = nlohmann::json::parse(it->second, nullptr, false);
  if (!argv.is_array()) return {};
  std::vector<std::string> command;
  for (const auto& arg : argv) {
    if (arg.is_string()) command.push_back(arg.get<std::string>());
  }
  return command;
}

}  // namespace lstmbench::suite
