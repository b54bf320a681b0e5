#include <filesystem>

#include "commands.hpp"
#include "common/error.hpp"
#include "plugin/self_path.hpp"

namespace lstmbench::app {

namespace fs = std::filesystem;

suite::Suite load_suite_with_overrides(const std::string& path,
                                       const std::vector<std::string>& sets) {
  std::vector<suite::Override> overrides;
  for (const std::string& set : sets) {
    std::size_t eq = set.find('=');
    if (eq == std::string::npos || eq == 0)
      throw Error("--set " + set, "expected name=value, e.g. --set batch_size=128");
    overrides.push_back({set.substr(0, eq), set.substr(eq + 1)});
  }
  return suite::load_suite(path, overrides);
}

std::string default_suite_path() {
  fs::path exe_dir = fs::path(plugin::self_executable_path()).parent_path();
  for (const fs::path& candidate :
       {exe_dir / ".." / "share" / "lstmbench" / "suites" / "quick.toml",
        fs::path(LSTMBENCH_SOURCE_DIR) / "suites" / "quick.toml"}) {
    std::error_code ec;
    if (fs::exists(candidate, ec)) return candidate.lexically_normal().string();
  }
  throw Error("quick.toml", "the bundled quick suite was not found; name a suite file");
}

}  // namespace lstmbench::app
