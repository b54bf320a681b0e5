// What the chart tests share: a scratch folder, running a helper program and reading its
// output, and the python3 check that a document is a well-formed, self-contained SVG
// (check_svg.py beside this file).
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "charts/charts.hpp"

namespace lstmbench::charts::testing {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

inline CommandResult run_command(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    result.output.append(buffer.data(), n);
  }
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

inline bool have_program(const std::string& name) {
  return run_command("command -v " + name + " >/dev/null").exit_code == 0;
}

// A fresh folder under the system's temporary directory, removed with the object.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "lstmbench-charts-XXXXXX");
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    const std::filesystem::path file = path_ / name;
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }

 private:
  std::filesystem::path path_;
};

inline std::string script(const std::string& name) {
  return std::string(LSTMBENCH_SOURCE_DIR) + "/tests/charts/" + name;
}

// Passes when python3 reads the document as well-formed XML with a viewBox, a <title>, the
// generic font and nothing external; otherwise fails with what check_svg.py found.
inline void expect_valid_svg(const Svg& svg, const std::string& what) {
  if (!have_program("python3")) GTEST_SKIP() << "python3 is not installed (Debian package python3)";
  ScratchDir dir;
  const auto file = dir.write("chart.svg", svg.text);
  const CommandResult check =
      run_command("python3 '" + script("check_svg.py") + "' '" + file.string() + "'");
  EXPECT_EQ(check.exit_code, 0) << what << ": " << check.output << "\n" << svg.text;
}

}  // namespace lstmbench::charts::testing
