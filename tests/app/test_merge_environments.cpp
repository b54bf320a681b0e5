// `lstmbench merge` of shards that ran on different machines: every shard's environment is
// kept, and report.md and stderr say which shard differs in what; identical shards say nothing.
#include <nlohmann/json.hpp>

#include "app/cli_test_support.hpp"

namespace lstmbench::testing {
namespace {

class MergeEnvironments : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    const fs::path suite =
        write_file("suite.toml", std::string(kTinySuite) + "[axes]\nbatch_size = [4, 8]\n");
    for (const char* shard : {"1", "2"}) {
      const Outcome o = lstmbench("run " + suite.string() + " --shard " + shard + "/2 --out " +
                                  (dir_ / ("shard-" + std::string(shard))).string());
      ASSERT_EQ(o.exit_code, 0) << o.err;
    }
  }
  nlohmann::json environment_of(const std::string& shard) {
    return nlohmann::json::parse(read_file(dir_ / shard / "environment.json"));
  }
  void set_environment(const std::string& shard, const nlohmann::json& environment) {
    write_file(shard + "/environment.json", environment.dump(2));
  }
  Outcome merge() {
    return lstmbench("merge " + (dir_ / "merged").string() + " " + (dir_ / "shard-1").string() +
                     " " + (dir_ / "shard-2").string());
  }
};

TEST_F(MergeEnvironments, ShardsOnDifferentHardwareAreNamedWithBothValues) {
  // Shard 2 "ran" on another CPU with an H200 under driver 13.0. Where this build has the cudnn
  // plugin its real description is edited (the comparison reads the first plugin that names a
  // driver); where it has none, one is added.
  nlohmann::json second = environment_of("shard-2");
  second["cpu"] = "Other CPU 9000";
  const nlohmann::json gpu_described = {{"cuda_driver", "13.0"},
                                        {"devices", {{{"index", 0}, {"name", "NVIDIA H200"}}}}};
  bool edited = false;
  for (nlohmann::json& plugin : second["plugins"])
    if (plugin.value("name", "") == "cudnn" && plugin["environment"].is_object()) {
      plugin["environment"].update(gpu_described);
      edited = true;
    }
  if (!edited) second["plugins"].push_back({{"name", "cudnn"}, {"environment", gpu_described}});
  set_environment("shard-2", second);
  const nlohmann::json first = environment_of("shard-1");
  const std::string first_cpu = first["cpu"].get<std::string>();
  std::string first_driver = "not recorded";
  for (const nlohmann::json& plugin : first["plugins"])
    if (plugin.value("name", "") == "cudnn" && plugin["environment"].is_object() &&
        plugin["environment"].contains("cuda_driver")) {
      const nlohmann::json& driver = plugin["environment"]["cuda_driver"];
      first_driver = driver.is_string() ? driver.get<std::string>() : driver.dump();
    }

  const Outcome o = merge();
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const std::string shard1 = (dir_ / "shard-1").string(), shard2 = (dir_ / "shard-2").string();
  EXPECT_NE(o.err.find("cpu: " + first_cpu + " in " + shard1 + "; Other CPU 9000 in " + shard2),
            std::string::npos)
      << o.err;
  EXPECT_NE(o.err.find("GPUs: not recorded in " + shard1 + "; NVIDIA H200 in " + shard2),
            std::string::npos)
      << o.err;
  EXPECT_NE(o.err.find("CUDA driver: " + first_driver + " in " + shard1 + "; 13.0 in " + shard2),
            std::string::npos)
      << "shard 1's driver as recorded: " << first_driver << "\n"
      << o.err;

  const std::string report = read_file(dir_ / "merged" / "report.md");
  const std::size_t warning = report.find("did not all run on the same hardware");
  ASSERT_NE(warning, std::string::npos) << report;
  EXPECT_LT(warning, report.find("## Results"));  // near the top, before the details
  EXPECT_NE(report.find("Other CPU 9000 in " + shard2), std::string::npos);
  // Both shards' environments are kept in the merged environment.json.
  const nlohmann::json merged = nlohmann::json::parse(read_file(dir_ / "merged/environment.json"));
  ASSERT_EQ(merged["shards"].size(), 2u);
  EXPECT_EQ(merged["shards"][1]["source"], shard2);
  EXPECT_EQ(merged["shards"][1]["environment"]["cpu"], "Other CPU 9000");
  // `report` rebuilds the same warning from the merged folder.
  ASSERT_EQ(lstmbench("report " + (dir_ / "merged/results.jsonl").string()).exit_code, 0);
  EXPECT_NE(read_file(dir_ / "merged" / "report.md").find("Other CPU 9000 in " + shard2),
            std::string::npos);
}

TEST_F(MergeEnvironments, IdenticalShardsGiveNoWarning) {
  const Outcome o = merge();
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(o.err.find("warning"), std::string::npos) << o.err;
  const std::string report = read_file(dir_ / "merged" / "report.md");
  EXPECT_EQ(report.find("did not all run on the same hardware"), std::string::npos);
  EXPECT_EQ(report.find("**shards**"), std::string::npos);  // not dumped in the environment
}

TEST_F(MergeEnvironments, AShardWithoutEnvironmentIsNamed) {
  fs::remove(dir_ / "shard-2" / "environment.json");
  const Outcome o = merge();
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.err.find("environment.json: recorded in " + (dir_ / "shard-1").string() +
                       "; missing in " + (dir_ / "shard-2").string()),
            std::string::npos)
      << o.err;
}

}  // namespace
}  // namespace lstmbench::testing
