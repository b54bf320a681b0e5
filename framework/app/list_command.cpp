#include <fmt/format.h>

#include "commands.hpp"
#include "plugin/plugin_registry.hpp"

namespace lstmbench::app {

int list_command(const std::vector<std::string>& plugin_dirs) {
  plugin::PluginRegistry registry;
  std::vector<std::string> folders = plugin::plugin_search_path(plugin_dirs);
  registry.load_folders(folders);
  fmt::print("plugin folders: {}\n\n", fmt::join(folders, ", "));
  for (const auto& p : registry.plugins()) {
    const lb_plugin& d = *p->descriptor;
    fmt::print("{} {} ({})\n  built: {}\n", d.name, d.version ? d.version : "", p->path,
               d.build_info ? d.build_info : "");
    for (std::uint32_t i = 0; i < d.num_backends; ++i) {
      const lb_backend& b = d.backends[i];
      fmt::print("  backend {:<10} device {:<8} precisions {:<14} modes {:<12} options {}\n",
                 b.name, b.device_kind ? b.device_kind : "", b.precisions ? b.precisions : "",
                 b.modes ? b.modes : "", b.options && *b.options ? b.options : "-");
      if (b.description && *b.description) fmt::print("    {}\n", b.description);
    }
  }
  if (registry.plugins().empty()) fmt::print("no plugins loaded\n");
  for (const auto& f : registry.failures()) fmt::print("NOT LOADED {}: {}\n", f.path, f.reason);
  return registry.failures().empty() ? 0 : 1;
}

}  // namespace lstmbench::app
