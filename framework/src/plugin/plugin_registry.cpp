#include "plugin/plugin_registry.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <boost/dll/shared_library.hpp>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "plugin/self_path.hpp"

namespace lstmbench::plugin {

namespace fs = std::filesystem;

// The Boost.DLL handles, kept for the life of the registry (and, through RTLD_NODELETE, the
// code for the life of the process).
struct PluginRegistry::Libraries {
  std::vector<boost::dll::shared_library> handles;
};

PluginRegistry::PluginRegistry() : libraries_(std::make_unique<Libraries>()) {}
PluginRegistry::~PluginRegistry() = default;

namespace {

// RTLD_NOW: fail at load, not mid-case, on an unresolved symbol. RTLD_LOCAL: plugins never
// resolve each other's symbols. RTLD_NODELETE: code stays mapped after the handle goes (CUDA
// registers fatbins that unregister at exit; see notes/plugins-config.md 1.4).
const auto kLoadMode =
    static_cast<boost::dll::load_mode::type>(RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);

// RETURNS: empty if the descriptor is one this host can call, else why not.
std::string check_descriptor(const lb_plugin* d) {
  if (!d) return "entry symbol returned no descriptor";
  if (d->magic != LSTMBENCH_ABI_MAGIC) return "descriptor has the wrong magic number";
  if (d->abi_major != LSTMBENCH_ABI_MAJOR)
    return "built for plugin ABI " + std::to_string(d->abi_major) + "." +
           std::to_string(d->abi_minor) + "; this lstmbench speaks ABI " +
           std::to_string(LSTMBENCH_ABI_MAJOR) + "." + std::to_string(LSTMBENCH_ABI_MINOR) +
           " (rebuild the plugin against this SDK)";
  if (d->abi_minor > LSTMBENCH_ABI_MINOR)
    return "needs plugin ABI 1." + std::to_string(d->abi_minor) + "; this lstmbench has 1." +
           std::to_string(LSTMBENCH_ABI_MINOR) + " (update lstmbench)";
  if (d->struct_size < sizeof(lb_plugin)) return "descriptor is smaller than ABI 1.0's";
  if (!d->name || !*d->name) return "descriptor has no plugin name";
  if (d->num_backends > 0 && !d->backends) return "descriptor lists backends but has none";
  for (std::uint32_t i = 0; i < d->num_backends; ++i) {
    const lb_backend& b = d->backends[i];
    if (!b.name || !b.device_kind || !b.check_case || !b.create || !b.train_epoch || !b.evaluate ||
        !b.read_weights || !b.query_info || !b.destroy)
      return "backend " + std::to_string(i) + " has a missing name or function";
  }
  return {};
}

}  // namespace

bool PluginRegistry::load(const std::string& path) {
  boost::dll::shared_library library;
  try {
    library.load(path, kLoadMode);
  } catch (const std::exception& e) {
    const char* detail = dlerror();
    failures_.push_back({path, std::string("cannot load: ") + (detail ? detail : e.what())});
    return false;
  }
  if (!library.has(LSTMBENCH_ENTRY_SYMBOL)) {
    failures_.push_back({path, "no entry symbol " LSTMBENCH_ENTRY_SYMBOL
                               " (not an lstmbench plugin, or one built for another ABI)"});
    return false;
  }
  const lb_plugin* descriptor = nullptr;
  try {
    descriptor = library.get<const lb_plugin*()>(LSTMBENCH_ENTRY_SYMBOL)();
  } catch (const std::exception& e) {
    failures_.push_back({path, std::string("entry symbol threw: ") + e.what()});
    return false;
  } catch (...) {
    failures_.push_back({path, "entry symbol threw an unknown exception"});
    return false;
  }
  if (std::string why = check_descriptor(descriptor); !why.empty()) {
    failures_.push_back({path, why});
    return false;
  }
  for (std::uint32_t i = 0; i < descriptor->num_backends; ++i) {
    BackendRef existing = find_backend(descriptor->backends[i].name);
    if (existing.backend) {
      failures_.push_back({path, std::string("backend '") + descriptor->backends[i].name +
                                     "' is already provided by " + existing.plugin->path});
      return false;
    }
  }
  libraries_->handles.push_back(std::move(library));
  plugins_.push_back(std::make_unique<LoadedPlugin>(LoadedPlugin{path, descriptor}));
  return true;
}

void PluginRegistry::load_folders(const std::vector<std::string>& folders) {
  std::set<fs::path> seen;
  for (const std::string& folder : folders) {
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) continue;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder, ec))
      if (entry.path().extension() == ".so") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
      fs::path canonical = fs::weakly_canonical(file, ec);
      if (!seen.insert(canonical).second) continue;
      load(file.string());
    }
  }
}

BackendRef PluginRegistry::find_backend(const std::string& name) const {
  for (const auto& plugin : plugins_)
    for (std::uint32_t i = 0; i < plugin->descriptor->num_backends; ++i)
      if (name == plugin->descriptor->backends[i].name)
        return {plugin.get(), &plugin->descriptor->backends[i]};
  return {};
}

std::string PluginRegistry::backend_names() const {
  std::string names;
  for (const auto& plugin : plugins_)
    for (std::uint32_t i = 0; i < plugin->descriptor->num_backends; ++i)
      names += (names.empty() ? "" : ", ") + std::string(plugin->descriptor->backends[i].name);
  return names.empty() ? "none" : names;
}

std::vector<std::string> plugin_search_path(const std::vector<std::string>& cli_dirs) {
  std::vector<std::string> folders(cli_dirs);
  if (const char* env = std::getenv("LSTMBENCH_PLUGIN_PATH")) {
    std::string list = env;
    std::size_t start = 0;
    while (start <= list.size()) {
      std::size_t end = list.find(':', start);
      if (end == std::string::npos) end = list.size();
      if (end > start) folders.push_back(list.substr(start, end - start));
      start = end + 1;
    }
  }
  fs::path exe_dir = fs::path(self_executable_path()).parent_path();
  folders.push_back((exe_dir / ".." / "plugins").lexically_normal().string());
  folders.push_back((exe_dir / ".." / "lib" / "lstmbench" / "plugins").lexically_normal().string());
  return folders;
}

}  // namespace lstmbench::plugin
