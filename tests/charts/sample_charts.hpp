// Small fixed chart inputs shared by the golden, property and render tests: a few series with
// one skipped value each, so every mark a chart can draw appears at least once.
#pragma once

#include <cmath>
#include <limits>
#include <string>

#include "charts/charts.hpp"

namespace lstmbench::charts::testing {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
inline constexpr double kInf = std::numeric_limits<double>::infinity();

inline GroupedBarChart sample_grouped_bars() {
  return GroupedBarChart{
      .labels = {.title = "Time per epoch",
                 .x_label = "configuration",
                 .y_label = "time per epoch (ms)"},
      .groups = {"batch 32 · lr 0.001", "batch 64 · lr 0.001", "batch 128 · lr 0.01"},
      .series = {{.name = "reference (cpu)", .values = {812.5, 430.25, 231}},
                 {.name = "onednn (cpu)", .values = {95.5, kNaN, 31.75}},
                 {.name = "cudnn (gpu)", .values = {4.5, 3.25, 2.5}}},
  };
}

inline SpeedupChart sample_speedups() {
  return SpeedupChart{
      .labels = {.title = "Speed-up over reference", .x_label = "speed-up (×)", .y_label = ""},
      .rows = {{.label = "onednn vs reference", .ratio = 1.8, .low = 1.6, .high = 2.05},
               {.label = "onednn bf16 vs fp32", .ratio = 0.92, .low = 0.85, .high = 1.01},
               {.label = "cudnn vs reference", .ratio = kNaN}},
  };
}

inline LossChart sample_losses() {
  return LossChart{
      .labels = {.title = "Loss per epoch", .x_label = "epoch", .y_label = "loss (MSE)"},
      .series = {{.name = "reference",
                  .training = {1.0, 0.5, 0.3, 0.22, 0.2},
                  .validation = {1.1, 0.6, kNaN, 0.3, 0.28}},
                 {.name = "onednn", .training = {0.9, 0.45, 0.28, 0.21, 0.19}, .validation = {}}},
  };
}

inline TimeToTargetChart sample_time_to_target() {
  return TimeToTargetChart{
      .labels = {.title = "Time to loss 0.25", .x_label = "time (s)", .y_label = "backend"},
      .series = {{.name = "reference", .value = 12.5},
                 {.name = "onednn", .value = 3.2},
                 {.name = "cudnn", .value = kInf}},
  };
}

}  // namespace lstmbench::charts::testing
