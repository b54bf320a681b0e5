#include <filesystem>

#include "commands.hpp"
#include "common/error.hpp"

namespace lstmbench::app {

namespace fs = std::filesystem;

std::string results_file(const std::string& path) {
  const fs::path file = fs::is_directory(path) ? fs::path(path) / "results.jsonl" : fs::path(path);
  if (!fs::is_regular_file(file)) {
    throw Error(path, fs::is_directory(path) ? "run folder has no results.jsonl"
                                             : "no such results file (give a results.jsonl or a "
                                               "run folder holding one)");
  }
  return file.string();
}

}  // namespace lstmbench::app
