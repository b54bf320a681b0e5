// The workload an external program trains on, written as .npy files into a fresh temporary
// folder: the same file names and shapes as `lstmbench --dump-workload` (docs/workload-dump.md),
// so a peer that reads a dump reads this too.
#pragma once

#include <lstmbench/plugin.hpp>
#include <span>
#include <string>

namespace lstmbench::external {

// A folder made with mkdtemp under $TMPDIR (or /tmp), removed with its files on destruction.
class TempDir {
 public:
  TempDir();  // throws std::runtime_error if the folder cannot be made
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Writes train_x.npy [n][T][I], train_y.npy [n], val_x.npy, val_y.npy (float32) and
// initial_weights.npy (the flat canonical vector, float32) into dir.
void write_workload_files(const std::string& dir, const sdk::CaseConfig& config,
                          const sdk::Dataset& data, std::span<const float> weights);

}  // namespace lstmbench::external
