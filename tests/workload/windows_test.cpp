// build_workload on the synthetic series: determinism, window/target alignment, the split and
// the standardisation.
#include "workload/windows.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "common/error.hpp"
#include "workload/synthetic_series.hpp"
#include "workload/workload.hpp"

namespace lstmbench::workload {
namespace {

suite::CaseSpec small_spec(std::uint64_t seed = 42) {
  suite::CaseSpec spec;
  spec.seed = seed;
  spec.seq_len = 12;
  spec.train_windows = 500;
  spec.val_windows = 80;
  return spec;
}

bool same_bytes(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

TEST(SyntheticWorkload, SameSeedGivesIdenticalBytes) {
  const Workload a = build_workload(small_spec());
  const Workload b = build_workload(small_spec());
  EXPECT_TRUE(same_bytes(a.train_x, b.train_x));
  EXPECT_TRUE(same_bytes(a.train_y, b.train_y));
  EXPECT_TRUE(same_bytes(a.val_x, b.val_x));
  EXPECT_TRUE(same_bytes(a.val_y, b.val_y));
  EXPECT_EQ(a.mean, b.mean);
  EXPECT_EQ(a.stddev, b.stddev);
}

TEST(SyntheticWorkload, DifferentSeedGivesDifferentData) {
  const Workload a = build_workload(small_spec(42));
  const Workload b = build_workload(small_spec(43));
  EXPECT_FALSE(same_bytes(a.train_x, b.train_x));
  EXPECT_FALSE(same_bytes(a.val_y, b.val_y));
}

TEST(SyntheticWorkload, ShapesFollowTheSpec) {
  const suite::CaseSpec spec = small_spec();
  const Workload w = build_workload(spec);
  EXPECT_EQ(w.seq_len, spec.seq_len);
  EXPECT_EQ(w.input_size, 1);
  EXPECT_EQ(w.num_train, 500u);
  EXPECT_EQ(w.num_val, 80u);
  EXPECT_EQ(w.train_x.size(), 500u * 12u);
  EXPECT_EQ(w.train_y.size(), 500u);
  EXPECT_EQ(w.val_x.size(), 80u * 12u);
  EXPECT_EQ(w.val_y.size(), 80u);
  EXPECT_EQ(w.source_description, "synthetic(seed=42)");
}

TEST(SyntheticWorkload, TargetIsTheStepAfterTheWindow) {
  // Consecutive windows overlap by seq_len-1 steps, so window i's target is window i+1's last
  // input, and its inputs shifted by one are window i+1's first seq_len-1 inputs. Both are the
  // same float computed from the same double, so they must be equal exactly.
  const Workload w = build_workload(small_spec());
  const std::size_t t = static_cast<std::size_t>(w.seq_len);
  for (std::size_t i = 0; i + 1 < w.num_train; ++i) {
    ASSERT_EQ(w.train_y[i], w.train_x[(i + 1) * t + t - 1]) << "window " << i;
    for (std::size_t s = 1; s < t; ++s)
      ASSERT_EQ(w.train_x[i * t + s], w.train_x[(i + 1) * t + s - 1]);
  }
  for (std::size_t i = 0; i + 1 < w.num_val; ++i)
    ASSERT_EQ(w.val_y[i], w.val_x[(i + 1) * t + t - 1]) << "validation window " << i;
}

TEST(SyntheticWorkload, WindowsMatchTheStandardisedSeries) {
  const suite::CaseSpec spec = small_spec();
  const Workload w = build_workload(spec);
  const SplitPlan plan = plan_split(spec.seq_len, 500, 80);
  const std::vector<double> series = synthetic_series(spec.seed, plan.length);
  const auto standard = [&](std::size_t t) {
    return static_cast<float>((series[t] - w.mean) / w.stddev);
  };
  const std::size_t t = static_cast<std::size_t>(spec.seq_len);
  EXPECT_EQ(w.train_x[0], standard(0));
  EXPECT_EQ(w.train_y[499], standard(499 + t));
  // Validation starts just past the last training target: no value is shared.
  EXPECT_EQ(plan.val_start, 500 + t);
  EXPECT_EQ(w.val_x[0], standard(500 + t));
  EXPECT_EQ(w.val_y[79], standard(plan.length - 1));
  EXPECT_EQ(plan.length, 500 + t + 80 + t);
}

TEST(SyntheticWorkload, LongerSeriesExtendsShorterOne) {
  const std::vector<double> a = synthetic_series(5, 100);
  const std::vector<double> b = synthetic_series(5, 300);
  for (std::size_t t = 0; t < a.size(); ++t) ASSERT_EQ(a[t], b[t]);
}

TEST(SyntheticWorkload, TrainingValuesAreStandardised) {
  // The values the training windows use are train_x[0][*] followed by every train_y. Their
  // mean and population sd were used to standardise, so they are 0 and 1 up to the float
  // rounding of each value (relative 6e-8) accumulated in double: 1e-6 is ample.
  const Workload w = build_workload(small_spec());
  std::vector<double> values(w.train_x.begin(), w.train_x.begin() + w.seq_len);
  values.insert(values.end(), w.train_y.begin(), w.train_y.end());
  double sum = 0.0;
  for (double v : values) sum += v;
  const double mean = sum / static_cast<double>(values.size());
  double squares = 0.0;
  for (double v : values) squares += (v - mean) * (v - mean);
  EXPECT_NEAR(mean, 0.0, 1e-6);
  EXPECT_NEAR(std::sqrt(squares / static_cast<double>(values.size())), 1.0, 1e-6);
  // The series has amplitude ~1.2 around 0: its raw sd is well away from 1, so the test would
  // notice a skipped standardisation.
  EXPECT_GT(std::abs(w.stddev - 1.0), 0.05);
}

TEST(SyntheticWorkload, RejectsImpossibleShapes) {
  suite::CaseSpec spec = small_spec();
  spec.seq_len = 0;
  EXPECT_THROW(build_workload(spec), Error);
  spec = small_spec();
  spec.train_windows = 0;
  EXPECT_THROW(build_workload(spec), Error);
  spec = small_spec();
  spec.data_source = "parquet";
  try {
    build_workload(spec);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("parquet"), std::string::npos) << e.what();
  }
}

TEST(SyntheticWorkload, ConstantTrainingValuesAreAnError) {
  const std::vector<double> flat(40, 3.0);
  EXPECT_THROW(cut_windows(flat, 5, plan_split(5, 10, 5), "flat"), Error);
}

}  // namespace
}  // namespace lstmbench::workload
