// Cutting a series into windows, the chronological train/validation split, and the
// standardisation with training statistics (docs/workload.md, "Windows and split").
#pragma once

#include <cstddef>
#include <vector>

#include "workload/workload.hpp"

namespace lstmbench::workload {

// Where the windows of a split lie in the series. Window w starting at t has inputs
// series[t .. t+seq_len-1] and target series[t+seq_len].
struct SplitPlan {
  std::size_t num_train = 0;  // training windows start at t = 0 .. num_train-1
  std::size_t num_val = 0;    // validation windows start at t = val_start .. val_start+num_val-1
  std::size_t val_start = 0;  // num_train + seq_len: just past the last training target
  std::size_t length = 0;     // series values used: the last validation target is length-1
};

// RETURNS: the plan for num_train and num_val windows of seq_len steps. The validation windows
// start one step after the last training target, so no value of the series is both a training
// input/target and a validation input/target.
SplitPlan plan_split(int seq_len, std::size_t num_train, std::size_t num_val);

// RETURNS: the windows of `plan` (REQUIRES series.size() >= plan.length), standardised with the
// mean and population standard deviation of the values the training windows use
// (series[0 .. num_train+seq_len-1]). Throws lstmbench::Error (location `source`) when those
// values are constant, since they cannot be standardised.
Workload cut_windows(const std::vector<double>& series, int seq_len, const SplitPlan& plan,
                     const std::string& source);

}  // namespace lstmbench::workload
