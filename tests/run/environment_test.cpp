// The environment variables a run records as backend settings: those that change how backend
// libraries run, and nothing else from the runner's environment.
#include "run/environment.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lstmbench::run {
namespace {

// An environ-style list (NAME=value entries, null-terminated) over `entries`.
std::vector<char*> environ_of(std::vector<std::string>& entries) {
  std::vector<char*> list;
  for (std::string& entry : entries) list.push_back(entry.data());
  list.push_back(nullptr);
  return list;
}

TEST(BackendSettings, KeepsTheBackendsVariablesOnly) {
  std::vector<std::string> entries = {"OMP_NUM_THREADS=2",
                                      "HOME=/root",
                                      "CUDA_VISIBLE_DEVICES=0,1",
                                      "XLA_FLAGS=--xla_gpu_autotune_level=0",
                                      "OMPX=1",  // OMP without the underscore: another thing
                                      "GOMP_SPINCOUNT=",
                                      "NO_EQUALS_SIGN",
                                      "PATH=/usr/bin"};
  std::vector<char*> list = environ_of(entries);
  EXPECT_EQ(backend_settings(list.data()), nlohmann::json::parse(R"({
              "CUDA_VISIBLE_DEVICES": "0,1",
              "GOMP_SPINCOUNT": "",
              "OMP_NUM_THREADS": "2",
              "XLA_FLAGS": "--xla_gpu_autotune_level=0"})"));
}

TEST(BackendSettings, NoneSetIsAnEmptyObjectNotAMissingKey) {
  std::vector<std::string> entries = {"HOME=/root"};
  std::vector<char*> list = environ_of(entries);
  const nlohmann::json settings = backend_settings(list.data());
  EXPECT_TRUE(settings.is_object());
  EXPECT_TRUE(settings.empty());
  EXPECT_TRUE(host_environment("lstmbench run x.toml").contains("backend_settings"));
}

}  // namespace
}  // namespace lstmbench::run
