// build_workload (workload.hpp): picks the series, decides how many windows to cut, and cuts.
#include "workload/workload.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "common/error.hpp"
#include "workload/csv_series.hpp"
#include "workload/synthetic_series.hpp"
#include "workload/windows.hpp"

namespace lstmbench::workload {
namespace {

// Share of the windows that go to training when a CSV case asks for all rows without a
// validation count: the usual 90/10 hold-out, in tenths so that floor(0.9 * windows) is exact
// integer arithmetic.
constexpr std::size_t kTrainTenths = 9;

void check_shape(const suite::CaseSpec& spec) {
  if (spec.seq_len < 1)
    throw Error("seq_len", fmt::format("must be a positive integer, got {}", spec.seq_len));
  if (spec.train_windows < 0)
    throw Error("train_windows", fmt::format("must be >= 0, got {}", spec.train_windows));
  if (spec.val_windows < 0)
    throw Error("val_windows", fmt::format("must be >= 0, got {}", spec.val_windows));
}

Workload build_synthetic(const suite::CaseSpec& spec) {
  if (spec.train_windows < 1) {
    throw Error("train_windows",
                fmt::format("must be a positive integer for the synthetic series, got {} (0, "
                            "\"all rows\", only has a meaning for a CSV series)",
                            spec.train_windows));
  }
  const SplitPlan plan = plan_split(spec.seq_len, static_cast<std::size_t>(spec.train_windows),
                                    static_cast<std::size_t>(spec.val_windows));
  const std::vector<double> series = synthetic_series(spec.seed, plan.length);
  const std::string description = fmt::format("synthetic(seed={})", spec.seed);
  Workload workload = cut_windows(series, spec.seq_len, plan, description);
  workload.source_description = description;
  return workload;
}

Workload build_csv(const suite::CaseSpec& spec) {
  const MissingCells missing = spec.csv_missing == "drop"          ? MissingCells::drop
                               : spec.csv_missing == "interpolate" ? MissingCells::interpolate
                                                                   : MissingCells::error;
  const CsvSeries csv = read_csv_series(spec.csv_path, spec.csv_column, missing);
  const std::size_t rows = csv.values.size();
  const auto steps = static_cast<std::size_t>(spec.seq_len);
  auto num_train = static_cast<std::size_t>(spec.train_windows);
  auto num_val = static_cast<std::size_t>(spec.val_windows);

  if (num_train == 0) {
    // "All rows": the layout of plan_split (training windows, a gap of seq_len, validation
    // windows) stretched over the whole column. The requested validation windows, or 10% of the
    // windows when none are requested, come from the end; training gets the rest.
    const std::size_t minimum = 2 * steps + (num_val > 0 ? num_val + 1 : 2);
    if (rows < minimum) {
      throw Error(spec.csv_path,
                  fmt::format("column '{}' has {} data rows; train_windows = 0 (all rows) with "
                              "seq_len {} and {} validation windows needs at least {}",
                              csv.column_name, rows, steps,
                              num_val > 0 ? fmt::format("{}", num_val) : "10% of the", minimum));
    }
    const std::size_t windows = rows - 2 * steps;  // training + validation windows that fit
    if (num_val == 0) {
      num_train = std::clamp<std::size_t>(windows * kTrainTenths / 10, 1, windows - 1);
      num_val = windows - num_train;
    } else {
      num_train = windows - num_val;
    }
  }

  const SplitPlan plan = plan_split(spec.seq_len, num_train, num_val);
  if (rows < plan.length) {
    throw Error(spec.csv_path,
                fmt::format("column '{}' has {} data rows, but seq_len {} with {} training and {} "
                            "validation windows needs {} (train + seq_len{}); lower "
                            "train_windows/val_windows, or set train_windows = 0 to use all rows",
                            csv.column_name, rows, steps, num_train, num_val, plan.length,
                            num_val > 0 ? " + val + seq_len" : ""));
  }
  const std::string description =
      fmt::format("csv({}, column {}, {} rows)", spec.csv_path, csv.column_name, rows);
  Workload workload = cut_windows(csv.values, spec.seq_len, plan, description);
  workload.source_description = description;
  return workload;
}

}  // namespace

Workload build_workload(const suite::CaseSpec& spec) {
  check_shape(spec);
  if (spec.data_source == "synthetic") return build_synthetic(spec);
  if (spec.data_source == "csv") {
    if (spec.csv_path.empty())
      throw Error("path", "source = \"csv\" needs path, the CSV file to read, in [data]");
    return build_csv(spec);
  }
  throw Error("source", fmt::format("unknown data source \"{}\"; expected \"synthetic\" or \"csv\"",
                                    spec.data_source));
}

}  // namespace lstmbench::workload
