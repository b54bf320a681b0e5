#include "plugin/self_path.hpp"

#include <filesystem>

namespace lstmbench::plugin {

namespace fs = std::filesystem;

std::string self_executable_path() {
  std::error_code ec;
  fs::path path = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("/proc/self/exe") : path.string();
}

std::vector<std::string> bundled_folders(const std::string& installed,
                                         const std::string& in_source) {
  const fs::path exe_dir = fs::path(self_executable_path()).parent_path();
  std::vector<std::string> found;
  for (const fs::path& candidate : {exe_dir / ".." / LSTMBENCH_DATA_INSTALL_DIR / installed,
                                    fs::path(LSTMBENCH_SOURCE_DIR) / in_source}) {
    std::error_code ec;
    if (fs::is_directory(candidate, ec)) found.push_back(candidate.lexically_normal().string());
  }
  return found;
}

}  // namespace lstmbench::plugin
