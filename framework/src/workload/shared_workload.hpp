// One workload for every case that trains on it. Building a workload (windows, and above all the
// orthogonal initial weights at a large hidden size) is the runner's own cost; cases that share
// data, model shape and seed share it: the runner builds each distinct workload once per run,
// writes it to a file, and every case process maps that file read-only, so the memory holds one
// copy however many cases and rounds use it.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "suite/case_spec.hpp"
#include "workload/workload.hpp"

namespace lstmbench::workload {

// The arrays a case trains on, wherever they live (a Workload in this process, or a mapping).
struct WorkloadView {
  int seq_len = 0;
  int input_size = 1;
  std::size_t num_train = 0;
  std::size_t num_val = 0;
  std::span<const float> train_x, train_y, val_x, val_y;  // as in Workload
  std::span<const float> weights;                         // the canonical initial weights
};

WorkloadView view_of(const Workload& workload, std::span<const float> weights);

// RETURNS: the same text for two cases exactly when build_workload and initial_weights give
// them the same numbers: the [data] settings, the model's shape and the seed.
std::string workload_key(const suite::CaseSpec& spec);

// Writes the workload and weights to path in the runner's private binary format (native
// float32, written and read by the same build). THROWS Error naming the file.
void write_workload_file(const std::string& path, const Workload& workload,
                         const std::vector<float>& weights);

// A workload file mapped read-only. THROWS Error naming the file when it is missing or not a
// workload file.
class MappedWorkload {
 public:
  explicit MappedWorkload(const std::string& path);
  ~MappedWorkload();
  MappedWorkload(const MappedWorkload&) = delete;
  MappedWorkload& operator=(const MappedWorkload&) = delete;
  const WorkloadView& view() const { return view_; }

 private:
  void* base_ = nullptr;
  std::size_t size_ = 0;
  WorkloadView view_;
};

}  // namespace lstmbench::workload
