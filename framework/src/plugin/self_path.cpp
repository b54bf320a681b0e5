#include "plugin/self_path.hpp"

#include <filesystem>

namespace lstmbench::plugin {

std::string self_executable_path() {
  std::error_code ec;
  std::filesystem::path path = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("/proc/self/exe") : path.string();
}

}  // namespace lstmbench::plugin
