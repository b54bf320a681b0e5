#include "report/environment_view.hpp"

#include <sstream>

namespace lstmbench::report {

using nlohmann::json;

namespace {

// The runner's plugin_environment() is {"plugins": [...], "load_failures": [...]}; it is merged
// into the environment, but older files nest it under "plugins".
json plugin_section(const json& environment, const char* key) {
  if (!environment.is_object()) return json::array();
  json plugins = environment.value("plugins", json::array());
  if (plugins.is_object()) return plugins.value(key, json::array());
  json section = std::string(key) == "plugins" ? plugins : environment.value(key, json::array());
  return section.is_array() ? section : json::array();
}

std::vector<std::string> split_list(const json& value) {
  std::vector<std::string> items;
  if (!value.is_string()) return items;
  std::stringstream in(value.get<std::string>());
  std::string item;
  while (std::getline(in, item, ','))
    if (!item.empty()) items.push_back(item);
  return items;
}

}  // namespace

json plugins_of(const json& environment) { return plugin_section(environment, "plugins"); }

json load_failures_of(const json& environment) {
  return plugin_section(environment, "load_failures");
}

std::optional<BackendInfo> find_backend(const json& environment, const std::string& name) {
  for (const json& plugin : plugins_of(environment)) {
    if (!plugin.is_object()) continue;
    for (const json& backend : plugin.value("backends", json::array())) {
      if (!backend.is_object() || backend.value("name", json("")) != name) continue;
      BackendInfo info;
      info.name = name;
      info.plugin = plugin.value("name", json("")).is_string() ? plugin.value("name", std::string())
                                                               : std::string();
      if (backend.value("device", json()).is_string())
        info.device = backend["device"].get<std::string>();
      info.precisions = split_list(backend.value("precisions", json()));
      info.modes = split_list(backend.value("modes", json()));
      info.plugin_environment = plugin.value("environment", json());
      return info;
    }
  }
  // A plugin that lists no backends but is named after this one (older environment files).
  for (const json& plugin : plugins_of(environment))
    if (plugin.is_object() && plugin.value("name", json("")) == name &&
        !plugin.contains("backends")) {
      BackendInfo info;
      info.name = info.plugin = name;
      info.plugin_environment = plugin.value("environment", json());
      return info;
    }
  return std::nullopt;
}

DeviceList devices_of(const json& plugin_environment) {
  DeviceList list;
  if (!plugin_environment.is_object()) return list;
  for (const json& device : plugin_environment.value("devices", json::array())) {
    if (device.is_string()) {
      list.devices.push_back(device.get<std::string>());
    } else if (device.is_object() && device.value("name", json()).is_string()) {
      std::string text = device["name"].get<std::string>();
      if (device.value("compute_capability", json()).is_string())
        text += " (cc " + device["compute_capability"].get<std::string>() + ")";
      list.devices.push_back(text);
    }
  }
  // A plugin that names one device without a list ("gpu": "NVIDIA H100").
  if (list.devices.empty() && plugin_environment.value("gpu", json()).is_string())
    list.devices.push_back(plugin_environment["gpu"].get<std::string>());
  if (plugin_environment.value("no_device_reason", json()).is_string())
    list.no_device_reason = plugin_environment["no_device_reason"].get<std::string>();
  return list;
}

}  // namespace lstmbench::report
