// Shared by the external plugin's tests: the plugin, the Python that runs the peers, and the
// options that point a case at a peer program.
#pragma once

#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "support/plugin_harness.hpp"

namespace lstmbench::testing {

inline const char* kSystemPython = "/usr/bin/python3";
// The environment `make peers` creates for the PyTorch and Keras peers (optional).
inline const std::string kPeersPython =
    std::string(LSTMBENCH_SOURCE_DIR) + "/.venv-peers/bin/python";

inline const lb_backend& external_backend() {
  static LoadedPlugin plugin = load_plugin(plugin_path("lstmbench_external"));
  return plugin.find_backend("external");
}

// RETURNS: empty if python can import each module, else why not (a skip reason).
inline std::string python_missing(const std::string& modules,
                                  const std::string& python = kSystemPython) {
  std::string command = python + " -c 'import " + modules + "' >/dev/null 2>&1";
  if (std::system(command.c_str()) == 0) return {};
  return python + " with " + modules + " is not available (" +
         (python == kSystemPython ? "Debian: apt-get install python3-numpy" : "run `make peers`") +
         ")";
}

// The options of a case run by `script` (relative to the source tree) with these arguments.
inline std::vector<std::pair<std::string, std::string>> peer_options(
    const std::string& name, const std::string& script, const std::vector<std::string>& args = {},
    const std::string& timeout_s = "60", const std::string& python = kSystemPython) {
  std::string argv = "[\"" + python + "\", \"" + LSTMBENCH_SOURCE_DIR + "/" + script + "\"";
  for (const std::string& a : args) argv += ", \"" + a + "\"";
  argv += "]";
  return {{"external.name", name}, {"external.command", argv}, {"external.timeout_s", timeout_s}};
}

}  // namespace lstmbench::testing
