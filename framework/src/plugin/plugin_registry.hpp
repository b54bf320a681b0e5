// Discovers and loads backend plugins (Boost.DLL), checks their ABI before calling anything
// else, and keeps them loaded for the life of the process (RTLD_NODELETE: no session, message
// or string of a plugin may ever outlive its code). A plugin that is missing its entry symbol,
// fails to load, is of another ABI version or throws is recorded with the reason; it never
// takes the runner down.
//
// A plugin built against any minor of this host's ABI major loads (plugin_abi.h states the
// growth rule): the registry copies the plugin's descriptor and each backend into structs of
// this host's layout, fields the plugin lacks left absent (NULL/0) and fields this host does
// not know left out, so callers read descriptor->backends[i].x plainly whatever the plugin's
// minor.
#pragma once

#include <lstmbench/plugin_abi.h>

#include <cstddef>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace lstmbench::plugin {

struct LoadedPlugin {
  std::string path;
  // The descriptor in this host's layout: abi_minor is the plugin's; struct_size and
  // backend_struct_size are this host's, and backends points at `backends` below.
  const lb_plugin* descriptor = nullptr;
  // As the plugin wrote them, for messages and tests.
  std::uint32_t plugin_struct_size = 0;
  std::uint32_t plugin_backend_stride = 0;

  lb_plugin normalized{};
  std::vector<lb_backend> backends;
};

struct LoadFailure {
  std::string path;
  std::string reason;
};

struct BackendRef {
  const LoadedPlugin* plugin = nullptr;
  const lb_backend* backend = nullptr;
};

// Why no loaded plugin provides a backend, for the case that names it.
struct Unavailable {
  // True when a plugin that failed to load is the likely provider: its file name contains the
  // backend's name (lstmbench_naive.so for "naive"). The case then fails rather than skips.
  bool load_failed = false;
  std::string message;  // names the backend, and each failed file with its load error
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
  // Loads every *.so in each folder, in name order; an entry that is a .so file itself is
  // loaded as it is (--plugin-dir FILE.so). Missing entries are ignored; each file loads once.
  void load_folders(const std::vector<std::string>& folders);

  const std::vector<std::unique_ptr<LoadedPlugin>>& plugins() const { return plugins_; }
  const std::vector<LoadFailure>& failures() const { return failures_; }

  // RETURNS: the backend of that name (first plugin wins; a later duplicate is a failure entry),
  // or an empty ref.
  BackendRef find_backend(const std::string& name) const;
  // RETURNS: "reference, onednn, ..." — for messages naming what is available.
  std::string backend_names() const;
  // RETURNS: why `name` is not available: the plugins that failed to load (those whose file
  // name contains `name` first, with their load errors), else what is available.
  Unavailable why_unavailable(const std::string& name) const;

 private:
  struct Libraries;
  std::unique_ptr<Libraries> libraries_;
  std::vector<std::unique_ptr<LoadedPlugin>> plugins_;
  std::vector<LoadFailure> failures_;
};

// RETURNS: the first `size` bytes at `source` (a struct as a plugin of another minor wrote it)
// as a T of this host's layout: fields past `size` read as absent (zero / NULL), bytes past
// sizeof(T) are not read. The one place the host reads a sized ABI struct.
template <class T>
T read_sized(const void* source, std::size_t size) {
  static_assert(std::is_trivially_copyable_v<T>);
  T value;
  std::memset(&value, 0, sizeof value);
  std::memcpy(&value, source, size < sizeof value ? size : sizeof value);
  return value;
}

// The backend's measured GEMM throughput at the case's shapes (ABI 1.1 gemm_ceiling).
// RETURNS: GFLOP/s, or nullopt with *why set when the backend cannot say: absent (always for a
// plugin built against ABI 1.0) or the call failed.
std::optional<double> gemm_ceiling_gflops(const lb_backend& backend, const lb_case_config& config,
                                          std::string* why = nullptr);

// The plugin folders in search order: each --plugin-dir, then LSTMBENCH_PLUGIN_PATH
// (colon-separated), then the folder next to the executable: <exe>/../plugins (build tree) and
// <exe>/../lib/lstmbench/plugins (install tree).
std::vector<std::string> plugin_search_path(const std::vector<std::string>& cli_dirs);

// Checks one --plugin-dir: a folder, or a plugin file (*.so). RETURNS: empty when usable, else
// what is wrong (the command line turns it into exit 2).
std::string plugin_dir_problem(const std::string& path);

}  // namespace lstmbench::plugin
