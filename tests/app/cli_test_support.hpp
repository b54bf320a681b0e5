// Running the built `lstmbench` from a test: a fresh folder per test, the command's exit code,
// stdout and stderr, and small file helpers. Shared by the command-line end-to-end tests.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace lstmbench::testing {

namespace fs = std::filesystem;

// A suite that runs in well under a second: the reference on a tiny model, one timed epoch.
inline const char* const kTinySuite = R"(
[suite]
name = "tiny"
epochs = 2
warmup_epochs = 1
timeout_s = 20
[model]
hidden_size = 4
[data]
seq_len = 5
train_windows = 32
val_windows = 8
[run]
batch_size = 8
)";

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A test with its own folder (kept when the test fails, for a look) and a way to run lstmbench.
class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("lstmbench-cli-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_suite()->name()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }

  Outcome lstmbench(const std::string& args) {
    const std::string command = std::string(LSTMBENCH_EXE) + " " + args + " >" +
                                (dir_ / "stdout").string() + " 2>" + (dir_ / "stderr").string();
    const int status = std::system(command.c_str());
    Outcome o;
    o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    o.out = read_file(dir_ / "stdout");
    o.err = read_file(dir_ / "stderr");
    return o;
  }

  fs::path write_file(const std::string& name, const std::string& text) {
    fs::path path = dir_ / name;
    std::ofstream(path) << text;
    return path;
  }

  fs::path dir_;
};

}  // namespace lstmbench::testing
