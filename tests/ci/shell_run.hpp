// Running a shell command from a test in a folder of its own, with its exit code and output.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace lstmbench::testing {

namespace fs = std::filesystem;

struct ShellOutcome {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

inline std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// RETURNS: the outcome of `sh -c command` run in dir (its output goes through a temporary file
// of its own, so dir can be the source tree and tests can run in parallel).
inline ShellOutcome run_shell(const fs::path& dir, const std::string& command) {
  std::string output = (fs::temp_directory_path() / "lstmbench-ci-output-XXXXXX").string();
  const int fd = mkstemp(output.data());
  if (fd < 0) return {-1, "cannot create a temporary file for the output"};
  close(fd);
  const std::string line =
      "cd '" + dir.string() + "' && { " + command + "; } >'" + output + "' 2>&1";
  const int status = std::system(line.c_str());
  ShellOutcome outcome{WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_text(output)};
  fs::remove(output);
  return outcome;
}

// A fresh folder per test, kept when the test fails, for a look.
class ShellTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("lstmbench-ci-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_suite()->name()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }
  // Writes an executable script into the folder.
  fs::path write_script(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
    fs::permissions(path, fs::perms::owner_all, fs::perm_options::add);
    return path;
  }
  fs::path dir_;
};

inline const fs::path kSourceDir = LSTMBENCH_SOURCE_DIR;

}  // namespace lstmbench::testing
