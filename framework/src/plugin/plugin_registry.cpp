#include "plugin/plugin_registry.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <boost/dll/shared_library.hpp>
#include <cstdlib>
#include <cstring>
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
// registers fatbins that unregister at exit).
const auto kLoadMode =
    static_cast<boost::dll::load_mode::type>(RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);

std::string abi_text(std::uint32_t major, std::uint32_t minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}

// Copies the plugin's descriptor and backends into `out` in this host's layout (read_sized),
// indexing the backends with the plugin's stride.
// RETURNS: empty if the descriptor is one this host can call, else why not.
std::string read_descriptor(const lb_plugin* d, LoadedPlugin& out) {
  if (!d) return "entry symbol returned no descriptor";
  // magic, abi_major, abi_minor and struct_size lead the descriptor in every ABI version.
  if (d->magic != LSTMBENCH_ABI_MAGIC)
    return "descriptor has the wrong magic number (not an lstmbench plugin descriptor)";
  if (d->abi_major != LSTMBENCH_ABI_MAJOR)
    return "built for plugin ABI " + abi_text(d->abi_major, d->abi_minor) +
           "; this lstmbench speaks ABI " + abi_text(LSTMBENCH_ABI_MAJOR, LSTMBENCH_ABI_MINOR) +
           " (a plugin must match the major version: rebuild it against this SDK)";
  // Every minor's struct ends on an 8-byte boundary (the growth rule in plugin_abi.h).
  constexpr std::size_t kAlign = 8;
  if (d->struct_size < LB_PLUGIN_SIZE_1_0 || d->struct_size % kAlign != 0)
    return "descriptor struct_size " + std::to_string(d->struct_size) +
           " is not a descriptor size of ABI 1.x (at least " + std::to_string(LB_PLUGIN_SIZE_1_0) +
           ", a multiple of 8)";
  out.plugin_struct_size = d->struct_size;
  out.normalized = read_sized<lb_plugin>(d, d->struct_size);
  lb_plugin& p = out.normalized;
  // Absent (0) in a 1.0 plugin, whose backends have 1.0's size; a later one must say.
  if (p.abi_minor >= 1 && p.backend_struct_size == 0)
    return "ABI " + abi_text(p.abi_major, p.abi_minor) + " descriptor has no backend_struct_size";
  std::size_t stride = p.backend_struct_size ? p.backend_struct_size : LB_BACKEND_SIZE_1_0;
  if (stride < LB_BACKEND_SIZE_1_0 || stride % kAlign != 0)
    return "descriptor backend_struct_size " + std::to_string(stride) +
           " is not a backend size of ABI 1.x (at least " + std::to_string(LB_BACKEND_SIZE_1_0) +
           ", a multiple of 8)";
  out.plugin_backend_stride = static_cast<std::uint32_t>(stride);
  if (!p.name || !*p.name) return "descriptor has no plugin name";
  if (p.num_backends > 0 && !p.backends) return "descriptor lists backends but has none";
  const auto* first = reinterpret_cast<const unsigned char*>(p.backends);
  out.backends.clear();
  for (std::uint32_t i = 0; i < p.num_backends; ++i) {
    lb_backend b = read_sized<lb_backend>(first + i * stride, stride);
    if (!b.name || !b.device_kind || !b.check_case || !b.create || !b.train_epoch || !b.evaluate ||
        !b.read_weights || !b.query_info || !b.destroy)
      return "backend " + std::to_string(i) + " has a missing name or function";
    out.backends.push_back(b);
  }
  p.struct_size = sizeof(lb_plugin);
  p.backend_struct_size = sizeof(lb_backend);
  p.backends = out.backends.data();
  out.descriptor = &out.normalized;
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
  auto loaded = std::make_unique<LoadedPlugin>();
  loaded->path = path;
  if (std::string why = read_descriptor(descriptor, *loaded); !why.empty()) {
    failures_.push_back({path, why});
    return false;
  }
  for (const lb_backend& backend : loaded->backends) {
    BackendRef existing = find_backend(backend.name);
    if (existing.backend) {
      failures_.push_back({path, std::string("backend '") + backend.name +
                                     "' is already provided by " + existing.plugin->path});
      return false;
    }
  }
  libraries_->handles.push_back(std::move(library));
  plugins_.push_back(std::move(loaded));
  return true;
}

void PluginRegistry::load_folders(const std::vector<std::string>& folders) {
  std::set<fs::path> seen;
  for (const std::string& folder : folders) {
    std::error_code ec;
    std::vector<fs::path> files;
    if (fs::is_regular_file(folder, ec) && fs::path(folder).extension() == ".so") {
      files.push_back(folder);
    } else if (fs::is_directory(folder, ec)) {
      for (const auto& entry : fs::directory_iterator(folder, ec))
        if (entry.path().extension() == ".so") files.push_back(entry.path());
      std::sort(files.begin(), files.end());
    }
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

Unavailable PluginRegistry::why_unavailable(const std::string& name) const {
  Unavailable why;
  std::vector<const LoadFailure*> failed;
  for (const LoadFailure& f : failures_)
    if (fs::path(f.path).filename().string().find(name) != std::string::npos) failed.push_back(&f);
  const bool named = !failed.empty();
  if (!named)
    for (const LoadFailure& f : failures_) failed.push_back(&f);
  why.load_failed = named;
  why.message = "backend '" + name + "' is not available: ";
  if (named) {
    why.message += "its plugin failed to load: ";
  } else {
    why.message += "no loaded plugin provides it (available: " + backend_names() + ")";
    if (!failed.empty()) why.message += "; plugins that failed to load: ";
  }
  for (std::size_t i = 0; i < failed.size(); ++i)
    why.message += (i ? "; " : "") + failed[i]->path + ": " + failed[i]->reason;
  return why;
}

std::optional<double> gemm_ceiling_gflops(const lb_backend& backend, const lb_case_config& config,
                                          std::string* why) {
  if (!backend.gemm_ceiling) {
    if (why) *why = std::string("backend '") + backend.name + "' does not measure a GEMM ceiling";
    return std::nullopt;
  }
  double gflops = 0.0;
  lb_message message{};
  lb_status status = backend.gemm_ceiling(&config, &gflops, &message);
  if (status != LB_OK) {
    if (why) {
      *why = std::string(message.text, strnlen(message.text, sizeof message.text));
      if (why->empty()) *why = "gemm_ceiling failed without a message";
    }
    return std::nullopt;
  }
  return gflops;
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
  folders.push_back((exe_dir / ".." / LSTMBENCH_PLUGIN_INSTALL_DIR).lexically_normal().string());
  return folders;
}

std::string plugin_dir_problem(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return {};
  if (fs::path(path).extension() == ".so")
    return fs::exists(path, ec) ? std::string() : "no such plugin file";
  if (fs::exists(path, ec))
    return "not a folder or a plugin file: --plugin-dir wants a folder of plugins or a .so file";
  return {};  // a folder that does not exist (yet) contributes nothing, like an empty one
}

}  // namespace lstmbench::plugin
