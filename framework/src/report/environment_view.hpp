// Read-only views of the environment JSON the runner records (run/environment.hpp): the plugins,
// their backends and the devices their describe_environment reports. Internal to the report
// module; every reader accepts the plugin list nested under "plugins" or merged at the top.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace lstmbench::report {

// RETURNS: the loaded plugins (an array, possibly empty).
nlohmann::json plugins_of(const nlohmann::json& environment);
// RETURNS: the plugins that did not load (an array of {path, reason}, possibly empty).
nlohmann::json load_failures_of(const nlohmann::json& environment);

// What a plugin said about one of its backends.
struct BackendInfo {
  std::string name;
  std::string plugin;
  std::string device;  // "cpu" | "gpu" | "external" | "" when not recorded
  std::vector<std::string> precisions;
  std::vector<std::string> modes;
  // The plugin's describe_environment object (null when it has none).
  nlohmann::json plugin_environment;
};

// RETURNS: the backend called `name`, or nothing when no loaded plugin provides it.
std::optional<BackendInfo> find_backend(const nlohmann::json& environment, const std::string& name);

// The devices a plugin found, as people read them ("NVIDIA H100 (cc 9.0)"), and why it found
// none: its no_device_reason.
struct DeviceList {
  std::vector<std::string> devices;
  std::string no_device_reason;
};
DeviceList devices_of(const nlohmann::json& plugin_environment);

}  // namespace lstmbench::report
