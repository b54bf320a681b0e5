// Discovers and loads backend plugins (Boost.DLL), checks their ABI before calling anything
// else, and keeps them loaded for the life of the process (RTLD_NODELETE: no session, message
// or string of a plugin may ever outlive its code). A plugin that is missing its entry symbol,
// fails to load, is of another ABI version or throws is recorded with the reason; it never
// takes the runner down.
#pragma once

#include <lstmbench/plugin_abi.h>

#include <memory>
#include <string>
#include <vector>

namespace lstmbench::plugin {

struct LoadedPlugin {
  std::string path;
  const lb_plugin* descriptor = nullptr;
};

struct LoadFailure {
  std::string path;
  std::string reason;
};

struct BackendRef {
  const LoadedPlugin* plugin = nullptr;
  const lb_backend* backend = nullptr;
};

class PluginRegistry {
 public:
  PluginRegistry();
  ~PluginRegistry();
  PluginRegistry(const PluginRegistry&) = delete;
  PluginRegistry& operator=(const PluginRegistry&) = delete;

  // Loads one plugin file. RETURNS: true if it loaded and passed the ABI checks; otherwise the
  // failure is recorded in failures().
  bool load(const std::string& path);
  // Loads every *.so in each folder (missing folders are ignored), in name order.
  void load_folders(const std::vector<std::string>& folders);

  const std::vector<std::unique_ptr<LoadedPlugin>>& plugins() const { return plugins_; }
  const std::vector<LoadFailure>& failures() const { return failures_; }

  // RETURNS: the backend of that name (first plugin wins; a later duplicate is a failure entry),
  // or an empty ref.
  BackendRef find_backend(const std::string& name) const;
  // RETURNS: "reference, onednn, ..." — for messages naming what is available.
  std::string backend_names() const;

 private:
  struct Libraries;
  std::unique_ptr<Libraries> libraries_;
  std::vector<std::unique_ptr<LoadedPlugin>> plugins_;
  std::vector<LoadFailure> failures_;
};

// The plugin folders in search order: each --plugin-dir, then LSTMBENCH_PLUGIN_PATH
// (colon-separated), then the folder next to the executable: <exe>/../plugins (build tree) and
// <exe>/../lib/lstmbench/plugins (install tree).
std::vector<std::string> plugin_search_path(const std::vector<std::string>& cli_dirs);

}  // namespace lstmbench::plugin
