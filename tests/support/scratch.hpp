// What tests that touch the file system share: reading a file back, a scratch folder per test,
// and running a shell command with its exit code and output. Used by the command-line, CI-script,
// install and report-writing tests.
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

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// RETURNS: a new empty folder under the system's temporary folder, named after the running test
// and this process (tests of several binaries run in parallel).
inline fs::path fresh_scratch_folder() {
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string name = test ? std::string(test->test_suite_name()) + "-" + test->name() : "";
  const fs::path path = fs::temp_directory_path() / ("lstmbench-test-" + name + "-" +
                                                     std::to_string(static_cast<long>(getpid())));
  fs::remove_all(path);
  fs::create_directories(path);
  return path;
}

// A scratch folder removed with the object.
struct ScratchFolder {
  ScratchFolder() : path(fresh_scratch_folder()) {}
  ~ScratchFolder() { fs::remove_all(path); }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  fs::path path;
};

struct CommandOutcome {
  int exit_code = -1;
  std::string out;
  std::string err;
  std::string output() const { return out + err; }
};

// RETURNS: the outcome of `sh -c command`, run in `dir` (empty: in this process's folder). Its
// output goes through temporary files of its own, so `dir` may be the source tree and tests may
// run in parallel.
inline CommandOutcome run_shell(const fs::path& dir, const std::string& command) {
  std::string out = (fs::temp_directory_path() / "lstmbench-test-out-XXXXXX").string();
  std::string err = (fs::temp_directory_path() / "lstmbench-test-err-XXXXXX").string();
  const int out_fd = mkstemp(out.data());
  const int err_fd = out_fd < 0 ? -1 : mkstemp(err.data());
  if (out_fd < 0 || err_fd < 0) return {-1, "", "cannot create a temporary file for the output"};
  close(out_fd);
  close(err_fd);
  const std::string cd = dir.empty() ? "" : "cd '" + dir.string() + "' && ";
  const std::string line = cd + "{ " + command + "; } >'" + out + "' 2>'" + err + "'";
  const int status = std::system(line.c_str());
  CommandOutcome outcome{WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(out),
                         read_file(err)};
  fs::remove(out);
  fs::remove(err);
  return outcome;
}

// A test with a scratch folder of its own, kept when the test fails, for a look.
class ScratchTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = fresh_scratch_folder(); }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }
  fs::path write_file(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path;
  }
  fs::path dir_;
};

}  // namespace lstmbench::testing
