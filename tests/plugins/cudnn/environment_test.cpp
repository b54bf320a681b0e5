// describe_environment (what `lstmbench doctor` prints) is valid JSON with the cuDNN versions and
// either the visible GPUs or the reason there are none.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "cudnn_test_support.hpp"

namespace lstmbench::testing {
namespace {

TEST(CudnnEnvironment, IsJsonWithVersions) {
  nlohmann::json env = cudnn_environment();
  ASSERT_TRUE(env.is_object());
  std::regex version(R"(\d+\.\d+\.\d+)");
  ASSERT_TRUE(env.contains("cudnn_built"));
  ASSERT_TRUE(env.contains("cudnn_loaded"));
  EXPECT_TRUE(std::regex_match(env["cudnn_built"].get<std::string>(), version)) << env.dump();
  EXPECT_TRUE(std::regex_match(env["cudnn_loaded"].get<std::string>(), version)) << env.dump();
  // The loaded cuDNN must be the major version the plugin was built against.
  EXPECT_EQ(env["cudnn_built"].get<std::string>().substr(0, 2),
            env["cudnn_loaded"].get<std::string>().substr(0, 2));
  EXPECT_TRUE(env.contains("cuda_runtime_built"));
}

TEST(CudnnEnvironment, ListsDevicesOrSaysWhyNone) {
  nlohmann::json env = cudnn_environment();
  ASSERT_TRUE(env["devices"].is_array());
  if (env["devices"].empty()) {
    std::string reason = env.at("no_device_reason").get<std::string>();
    EXPECT_EQ(reason.rfind("no CUDA device visible", 0), 0u) << reason;
    return;
  }
  for (const auto& device : env["devices"]) {
    EXPECT_FALSE(device.at("name").get<std::string>().empty());
    EXPECT_TRUE(std::regex_match(device.at("compute_capability").get<std::string>(),
                                 std::regex(R"(\d+\.\d+)")));
    EXPECT_GT(device.at("memory_bytes").get<std::int64_t>(), 0);
  }
  EXPECT_TRUE(env.contains("cuda_driver"));
}

TEST(CudnnEnvironment, TruncatesIntoASmallBufferWithoutOverrun) {
  char buffer[17];
  std::memset(buffer, 'x', sizeof buffer);
  EXPECT_EQ(cudnn_plugin().plugin->describe_environment(buffer, 16), LB_OK);
  EXPECT_EQ(buffer[15], '\0');
  EXPECT_EQ(buffer[16], 'x');
}

}  // namespace
}  // namespace lstmbench::testing
