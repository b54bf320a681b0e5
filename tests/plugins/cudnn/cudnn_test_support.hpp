// What the cudnn plugin tests share: the loaded plugin and whether this machine has a GPU
// (asked of the plugin itself, so the tests never link CUDA).
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "support/plugin_harness.hpp"

namespace lstmbench::testing {

inline const LoadedPlugin& cudnn_plugin() {
  static const LoadedPlugin plugin = load_plugin(plugin_path("lstmbench_cudnn"));
  return plugin;
}

inline const lb_backend& cudnn_backend() { return cudnn_plugin().find_backend("cudnn"); }

inline nlohmann::json cudnn_environment() {
  std::string buffer(64 * 1024, '\0');
  lb_status status = cudnn_plugin().plugin->describe_environment(buffer.data(), buffer.size());
  if (status != LB_OK) throw std::runtime_error("describe_environment failed");
  return nlohmann::json::parse(buffer.c_str());
}

// RETURNS: empty when a CUDA device is visible, else the plugin's reason (the driver's words).
inline std::string no_gpu_reason() {
  nlohmann::json env = cudnn_environment();
  if (!env["devices"].empty()) return {};
  return env.value("no_device_reason", std::string("no CUDA device visible"));
}

}  // namespace lstmbench::testing
