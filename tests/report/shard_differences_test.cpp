#include "report/shard_differences.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace lstmbench::report {
namespace {

using nlohmann::json;

json gpu_machine(const std::string& gpu, const std::string& cudnn, const std::string& onednn) {
  return {{"cpu", "Xeon"},
          {"cores", 64},
          {"plugins",
           {{{"name", "cudnn"},
             {"environment",
              {{"cuda_driver", "13.0"},
               {"cuda_runtime_loaded", "13.0"},
               {"cudnn_loaded", cudnn},
               {"devices", {{{"name", gpu}, {"compute_capability", "9.0"}}}}}}},
            {{"name", "onednn"}, {"environment", {{"library", "oneDNN"}, {"version", onednn}}}}}}};
}

json merged(const std::vector<std::pair<std::string, json>>& shards) {
  json environment = shards.front().second;
  environment["shards"] = json::array();
  for (const auto& [source, own] : shards)
    environment["shards"].push_back({{"source", source}, {"environment", own}});
  return environment;
}

TEST(HardwareFacts, ReadsTheHostAndThePluginsDescriptions) {
  const auto facts = hardware_facts(gpu_machine("NVIDIA H200", "9.10.0", "3.6.0"));
  EXPECT_EQ(facts,
            (std::vector<std::pair<std::string, std::string>>{{"cpu", "Xeon"},
                                                              {"cores", "64"},
                                                              {"GPUs", "NVIDIA H200 (cc 9.0)"},
                                                              {"CUDA driver", "13.0"},
                                                              {"CUDA runtime", "13.0"},
                                                              {"cuDNN", "9.10.0"},
                                                              {"oneDNN", "3.6.0"}}));
}

TEST(ShardDifferences, NameEachFactThatDiffersWithEveryValueAndItsShards) {
  const json environment = merged({{"a", gpu_machine("NVIDIA H200", "9.10.0", "3.6.0")},
                                   {"b", gpu_machine("NVIDIA H100", "9.10.0", "3.6.0")},
                                   {"c", gpu_machine("NVIDIA H200", "9.8.0", "3.6.0")}});
  const auto differences = shard_differences(environment);
  ASSERT_EQ(differences.size(), 2u);
  EXPECT_EQ(describe(differences[0]),
            "GPUs: NVIDIA H200 (cc 9.0) in a, c; NVIDIA H100 (cc 9.0) in b");
  EXPECT_EQ(describe(differences[1]), "cuDNN: 9.10.0 in a, b; 9.8.0 in c");
  std::ostringstream report;
  write_shard_warning(report, environment);
  EXPECT_NE(report.str().find("> - cuDNN: 9.10.0 in a, b; 9.8.0 in c\n"), std::string::npos)
      << report.str();
}

TEST(ShardDifferences, IdenticalShardsAndASingleShardSayNothing) {
  const json machine = gpu_machine("NVIDIA H200", "9.10.0", "3.6.0");
  EXPECT_TRUE(shard_differences(merged({{"a", machine}, {"b", machine}})).empty());
  EXPECT_TRUE(shard_differences(merged({{"a", machine}})).empty());
  EXPECT_TRUE(shard_differences(machine).empty());
  std::ostringstream report;
  write_shard_warning(report, merged({{"a", machine}, {"b", machine}}));
  EXPECT_EQ(report.str(), "");
}

TEST(ShardDifferences, AMissingEnvironmentOrFactIsNamed) {
  json without_cudnn = gpu_machine("NVIDIA H200", "9.10.0", "3.6.0");
  without_cudnn["plugins"].erase(0);
  const auto differences = shard_differences(merged(
      {{"a", gpu_machine("NVIDIA H200", "9.10.0", "3.6.0")}, {"b", without_cudnn}, {"c", json()}}));
  ASSERT_GE(differences.size(), 2u);
  EXPECT_EQ(describe(differences[0]), "environment.json: recorded in a, b; missing in c");
  EXPECT_EQ(describe(differences[1]), "GPUs: NVIDIA H200 (cc 9.0) in a; not recorded in b");
}

}  // namespace
}  // namespace lstmbench::report
