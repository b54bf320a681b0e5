#include "workload_files.hpp"

#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <lstmbench/npy.hpp>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace lstmbench::external {

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/lstmbench-external-XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (!mkdtemp(buffer.data()))
    throw std::runtime_error("cannot make a temporary folder " + pattern + ": " + strerror(errno));
  path_ = buffer.data();
}

TempDir::~TempDir() {
  std::error_code ignored;  // a folder we cannot remove must not fail the case
  std::filesystem::remove_all(path_, ignored);
}

void write_workload_files(const std::string& dir, const sdk::CaseConfig& config,
                          const sdk::Dataset& data, std::span<const float> weights) {
  auto seq = static_cast<std::size_t>(config.seq_len);
  auto in = static_cast<std::size_t>(config.input_size);
  npy::write(dir + "/train_x.npy", {data.num_train, seq, in}, data.train_x.data());
  npy::write(dir + "/train_y.npy", {data.num_train}, data.train_y.data());
  npy::write(dir + "/val_x.npy", {data.num_val, seq, in}, data.val_x.data());
  npy::write(dir + "/val_y.npy", {data.num_val}, data.val_y.data());
  npy::write(dir + "/initial_weights.npy", {weights.size()}, weights.data());
}

}  // namespace lstmbench::external
