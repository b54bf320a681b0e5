#include "run/gpu_telemetry.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "run/case_session.hpp"

namespace lstmbench::run {
namespace {

TEST(FirstVisibleGpu, IsTheFirstEntryOfCudaVisibleDevices) {
  EXPECT_EQ(first_visible_gpu(nullptr), "0");
  EXPECT_EQ(first_visible_gpu(""), "0");
  EXPECT_EQ(first_visible_gpu("3"), "3");
  EXPECT_EQ(first_visible_gpu(" 2 ,0,1"), "2");
  EXPECT_EQ(first_visible_gpu("GPU-8f6e2b1c-aaaa,GPU-1"), "GPU-8f6e2b1c-aaaa");
}

TEST(GpuTelemetry, WithoutNvmlOrTheDeviceSaysWhyInsteadOfFailing) {
  std::string why;
  std::unique_ptr<GpuTelemetry> telemetry = GpuTelemetry::open("GPU-no-such-device", &why);
  // On a machine with NVML this device still does not exist; on one without, NVML is missing.
  EXPECT_EQ(telemetry, nullptr);
  EXPECT_FALSE(why.empty());
}

TEST(GpuTelemetry, SamplesADeviceWhereNvmlHasOne) {
  std::string why;
  std::unique_ptr<GpuTelemetry> telemetry = GpuTelemetry::open("0", &why);
  if (!telemetry) GTEST_SKIP() << "no GPU telemetry here: " << why;
  GpuSample s = telemetry->sample();
  EXPECT_GT(s.sm_clock_mhz, 0.0);
  EXPECT_GT(s.temperature_c, 0.0);
}

TEST(AppendEpoch, GpuSeriesStayAlignedWithEpochsOnceASampleArrives) {
  constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();
  results::CaseResult r;
  EpochRecord cpu_like{0, 10.0, -1.0, 1.0, 0, {0.0, 0.1}};
  append_epoch(r, cpu_like);
  EXPECT_TRUE(r.epoch_gpu_clock_mhz.empty()) << "no sample: no series (CPU results unchanged)";
  EpochRecord sampled{1, 9.0, -1.0, 0.9, 0, {0.0, 0.1, {1980.0, 55.0, 300.0}}};
  append_epoch(r, sampled);
  EpochRecord unknown{1, 9.5, -1.0, 0.8, 1, {0.0, 0.1, {kUnknown, kUnknown, kUnknown}}};
  append_epoch(r, unknown);
  ASSERT_EQ(r.epoch_ms.size(), 3u);
  ASSERT_EQ(r.epoch_gpu_clock_mhz.size(), 3u);
  ASSERT_EQ(r.epoch_gpu_power_w.size(), 3u);
  EXPECT_TRUE(std::isnan(r.epoch_gpu_clock_mhz[0]));
  EXPECT_EQ(r.epoch_gpu_clock_mhz[1], 1980.0);
  EXPECT_EQ(r.epoch_gpu_temp_c[1], 55.0);
  EXPECT_TRUE(std::isnan(r.epoch_gpu_power_w[2]));
  EXPECT_EQ(r.epoch_round, (std::vector<int>{0, 1, 1}));
  EXPECT_EQ(r.skipped_steps, 1);
}

}  // namespace
}  // namespace lstmbench::run
