// The first screen of report.md: "GPU used?", the pivot that keeps a skipped backend's column,
// the variant tables and the GPU eligibility checklist.
#include "report/first_screen.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "report/gpu_eligibility.hpp"
#include "report/pivot_table.hpp"
#include "sample_results.hpp"

namespace lstmbench::report {
namespace {

using nlohmann::json;

// The environment of a machine without a GPU, as the cuDNN plugin describes it.
json no_gpu_environment() {
  return json::parse(R"json({"plugins": [
    {"name": "cudnn", "version": "0.1.0",
     "backends": [{"name": "cudnn", "device": "gpu", "precisions": "fp32,fp16",
                   "modes": "eager,graph"}],
     "environment": {"devices": [], "no_device_reason": "no CUDA device visible"}},
    {"name": "onednn", "version": "0.1.0",
     "backends": [{"name": "onednn", "device": "cpu", "precisions": "fp32,bf16",
                   "modes": "eager"}]}]})json");
}

// onednn ran both batch sizes; cudnn was skipped for both (no GPU).
std::vector<results::CaseResult> cpu_only_run() {
  std::vector<results::CaseResult> results;
  int index = 0;
  for (int batch : {32, 256})
    for (const char* backend : {"onednn", "cudnn"}) {
      auto r = testing::base_case(index++, backend, batch, 0.001);
      if (std::string(backend) == "onednn") {
        r.status = results::Status::ok;
        testing::trained(r, {12.0, 10.0, 11.0}, {1.0, 0.5, 0.4}, 0.4);
      } else {
        r.status = results::Status::skipped;
        r.device.clear();  // a skipped case may not know its device: the plugin's says gpu
        r.reason = "no CUDA device visible";
      }
      results.push_back(r);
    }
  return results;
}

TEST(GpuUsedLine, YesWithTheDeviceAndTheCasesThatRanThere) {
  const std::string line = gpu_used_line(testing::sample_results(), testing::sample_environment());
  EXPECT_EQ(line.rfind("**GPU used?** Yes.", 0), 0u) << line;
  EXPECT_NE(line.find("cudnn: NVIDIA H100"), std::string::npos) << line;
  EXPECT_NE(line.find("2 on gpu (cudnn 2)"), std::string::npos) << line;
  // The GPU cases that did not run, with their reasons.
  EXPECT_NE(line.find("cudnn skipped: cuDNN's LSTM kernel needs activation=tanh"),
            std::string::npos)
      << line;
  EXPECT_NE(line.find("cudnn crashed: signal 11"), std::string::npos) << line;
}

TEST(GpuUsedLine, NoWithThePluginsReason) {
  const std::string line = gpu_used_line(cpu_only_run(), no_gpu_environment());
  EXPECT_EQ(line.rfind("**GPU used?** No.", 0), 0u) << line;
  EXPECT_NE(line.find("cudnn: no CUDA device visible"), std::string::npos) << line;
  EXPECT_NE(line.find("2 cases cudnn skipped: no CUDA device visible"), std::string::npos) << line;
}

TEST(GpuUsedLine, StaysOneShortLineWhateverTheReason) {
  auto results = cpu_only_run();
  results[1].reason = std::string(1 << 20, 'x');
  const std::string line = gpu_used_line(results, no_gpu_environment());
  EXPECT_LT(line.size(), 1000u);
  EXPECT_EQ(line.find('\n'), std::string::npos);
}

TEST(BackendPivot, ASkippedBackendKeepsItsColumnWithTheReason) {
  std::ostringstream out;
  ASSERT_TRUE(write_backend_pivot(out, cpu_only_run()));
  const std::string text = out.str();
  EXPECT_NE(text.find("cudnn ms/epoch"), std::string::npos) << text;
  EXPECT_NE(text.find("skipped: no CUDA device visible"), std::string::npos) << text;
  // Nothing to compare against: no speed-up column for a backend without timings.
  EXPECT_EQ(text.find(" vs "), std::string::npos) << text;
}

TEST(BackendPivot, BaselineIsTheFirstBackendWithTimings) {
  auto results = cpu_only_run();
  std::swap(results[0], results[1]);  // cudnn (skipped) first
  auto reference = testing::base_case(4, "reference", 32, 0.001);
  reference.status = results::Status::ok;
  testing::trained(reference, {120.0, 100.0, 110.0}, {1.0, 0.5, 0.4}, 0.4);
  results.push_back(reference);
  std::ostringstream out;
  ASSERT_TRUE(write_backend_pivot(out, results));
  EXPECT_NE(out.str().find("reference vs onednn"), std::string::npos) << out.str();
}

TEST(VariantTables, PairsCasesDifferingInPrecisionOrModeAlone) {
  std::vector<results::CaseResult> results;
  int index = 0;
  // precision x mode on one backend: fp16 is twice as fast as fp32, graph 1.25x eager.
  for (const char* precision : {"fp32", "fp16"})
    for (const char* mode : {"eager", "graph"}) {
      auto r = testing::base_case(index++, "cudnn", 32, 0.001);
      r.spec.precision = precision;
      r.spec.mode = mode;
      r.spec.varying = {{"precision", precision}, {"mode", mode}};
      r.status = results::Status::ok;
      const double ms = (std::string(precision) == "fp16" ? 5.0 : 10.0) /
                        (std::string(mode) == "graph" ? 1.25 : 1.0);
      // Rounds of different lengths, the same ratio in each: the interval is a point.
      testing::trained(r, {ms, ms, 2 * ms, 3 * ms}, {1.0, 0.5, 0.4, 0.3}, 0.3);
      r.epoch_round = {0, 1, 2, 3};
      results.push_back(r);
    }
  std::ostringstream out;
  ASSERT_TRUE(write_variant_tables(out, results));
  const std::string text = out.str();
  EXPECT_NE(text.find("### fp16 vs fp32"), std::string::npos) << text;
  EXPECT_NE(text.find("### graph vs eager"), std::string::npos) << text;
  EXPECT_EQ(text.find("bf16"), std::string::npos) << text;  // no bf16 case: no table
  EXPECT_NE(text.find("2.00×"), std::string::npos) << text;
  EXPECT_NE(text.find("1.25×"), std::string::npos) << text;
}

TEST(VariantTables, NothingWithoutPairs) {
  std::ostringstream out;
  EXPECT_FALSE(write_variant_tables(out, cpu_only_run()));
  EXPECT_TRUE(out.str().empty());
}

TEST(GpuEligibility, ChecksEachGpuCaseAgainstWhatTheRunRecorded) {
  auto results = cpu_only_run();
  results[3].spec.precision = "bf16";  // cudnn lists fp32,fp16
  const auto rows = gpu_eligibility(results, no_gpu_environment());
  ASSERT_EQ(rows.size(), 2u);  // the two cudnn cases, not onednn's
  EXPECT_EQ(rows[0].result, &results[1]);
  EXPECT_TRUE(rows[0].plugin.passed);
  EXPECT_FALSE(rows[0].device.passed);
  EXPECT_EQ(rows[0].device.text, "no: no CUDA device visible");
  EXPECT_TRUE(rows[0].precision.passed);
  EXPECT_TRUE(rows[0].mode.passed);
  EXPECT_FALSE(rows[0].outcome.passed);
  EXPECT_FALSE(rows[1].precision.passed);
  EXPECT_NE(rows[1].precision.text.find("bf16 not among fp32, fp16"), std::string::npos);
}

TEST(GpuEligibility, NoTableWithoutGpuCases) {
  auto results = cpu_only_run();
  std::erase_if(results, [](const auto& r) { return r.spec.backend == "cudnn"; });
  std::ostringstream out;
  EXPECT_FALSE(write_gpu_eligibility(out, results, no_gpu_environment()));
  EXPECT_TRUE(out.str().empty());
}

}  // namespace
}  // namespace lstmbench::report
