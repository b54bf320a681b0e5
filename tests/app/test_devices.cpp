// `run --devices`, end to end with a CPU fixture backend that reports the CUDA_VISIBLE_DEVICES
// its process saw: one device per case process, every device used, compared cases on one
// device, every result whole, and bad lists refused naming the entry. Also the `cpus` setting,
// with the same fixture: every case process runs on the CPUs it names.
#include <set>

#include "app/cli_test_support.hpp"
#include "results/run_folder.hpp"
#include "run/cpu_affinity.hpp"

namespace lstmbench::testing {
namespace {

class Devices : public CliTest {
 protected:
  // Four cases of fixture_devices, 100 ms per timed epoch: long enough to overlap.
  fs::path suite() {
    return write_file("suite.toml", std::string(kTinySuite) +
                                        "[axes]\nbatch_size = [4, 8]\n"
                                        "learning_rate = [0.001, 0.002]\n");
  }
  std::string fixture_options() {
    return " --set backend=fixture_devices --set verify=false --set epochs=4 --plugin-dir " +
           std::string(FIXTURE_DIR) + "/edge";
  }
  // The runner's own CUDA_VISIBLE_DEVICES while it runs: the children must not inherit it
  // under --devices, and must without.
  Outcome run_with_runner_devices(const std::string& args) {
    setenv("CUDA_VISIBLE_DEVICES", "7", 1);
    Outcome o = lstmbench(args);
    unsetenv("CUDA_VISIBLE_DEVICES");
    return o;
  }
};

TEST_F(Devices, EachCaseSeesOneDeviceOfTheListAndEveryDeviceIsUsed) {
  const fs::path out = dir_ / "out";
  Outcome o = run_with_runner_devices("run " + suite().string() + fixture_options() +
                                      " --devices 0,1 --out " + out.string());
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const std::string text = read_file(out / "results.jsonl");
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 4);
  const auto results = results::read_results((out / "results.jsonl").string());
  ASSERT_EQ(results.size(), 4u);
  std::set<std::string> used, ids;
  for (const auto& r : results) {
    EXPECT_EQ(r.status, results::Status::ok) << r.reason;
    EXPECT_TRUE(r.visible_devices == "0" || r.visible_devices == "1") << r.visible_devices;
    // What the case's own process saw: that one device, not the runner's 7.
    EXPECT_EQ(r.backend_details.substr(0, r.backend_details.find(';')),
              "cuda_visible_devices=" + r.visible_devices);
    used.insert(r.visible_devices);
    ids.insert(r.spec.id);
  }
  EXPECT_EQ(used, (std::set<std::string>{"0", "1"}));
  EXPECT_EQ(ids.size(), 4u);
  EXPECT_NE(o.err.find("runs on the CPU"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("CUDA_VISIBLE_DEVICES=7"), std::string::npos) << o.err;
  EXPECT_NE(read_file(out / "environment.json").find("\"devices\": \"0,1\""), std::string::npos);
}

TEST_F(Devices, WithoutDevicesCasesKeepTheRunnersEnvironment) {
  const fs::path out = dir_ / "out";
  Outcome o = run_with_runner_devices("run " + suite().string() + fixture_options() + " --out " +
                                      out.string());
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const auto results = results::read_results((out / "results.jsonl").string());
  ASSERT_EQ(results.size(), 4u);
  for (const auto& r : results) {
    EXPECT_EQ(r.visible_devices, "");
    EXPECT_EQ(r.backend_details.substr(0, r.backend_details.find(';')), "cuda_visible_devices=7");
  }
  EXPECT_EQ(o.err.find("runs on the CPU"), std::string::npos) << o.err;
}

TEST_F(Devices, TheBuildsOfAnABAndTheReplicasOfACaseShareADevice) {
  const fs::path out = dir_ / "out";
  Outcome o = lstmbench("run " + suite().string() + fixture_options() +
                        " --set replicas=2 --baseline-plugin-dir " + std::string(FIXTURE_DIR) +
                        "/edge --devices 0,1 --out " + out.string());
  // An A/B of a build against itself may still call a case slower: exit 1 is not the point.
  ASSERT_TRUE(o.exit_code == 0 || o.exit_code == 1) << o.err;
  const auto results = results::read_results((out / "results.jsonl").string());
  ASSERT_EQ(results.size(), 16u);
  // Batch size and learning rate make the point; build and replica are its copies.
  std::map<std::pair<int, double>, std::set<std::string>> devices_of_point;
  std::set<std::string> used;
  for (const auto& r : results) {
    devices_of_point[{r.spec.batch_size, r.spec.learning_rate}].insert(r.visible_devices);
    used.insert(r.visible_devices);
  }
  ASSERT_EQ(devices_of_point.size(), 4u);
  for (const auto& [point, devices] : devices_of_point)
    EXPECT_EQ(devices.size(), 1u) << "batch " << point.first << ", lr " << point.second;
  EXPECT_EQ(used, (std::set<std::string>{"0", "1"}));
}

TEST_F(Devices, ABadListIsRefusedNamingTheEntry) {
  const std::string run = "run " + suite().string() + fixture_options() + " --out " +
                          (dir_ / "out").string() + " --devices";
  for (const auto& [list, named] :
       std::vector<std::pair<std::string, std::string>>{{" 0,x", "'x' is not a device id"},
                                                        {"=-1", "'-1' is not a device id"},
                                                        {" 0,,1", "an entry is empty"},
                                                        {" 1,0,1", "device 1 is given twice"},
                                                        {"=", "--devices"}}) {
    Outcome o = lstmbench(run + list);
    EXPECT_EQ(o.exit_code, 2) << list;
    EXPECT_NE(o.err.find(named), std::string::npos) << list << ": " << o.err;
    EXPECT_FALSE(fs::exists(dir_ / "out")) << list << ": nothing may run";
  }
  Outcome o = lstmbench(run + " 0,1 --no-isolate");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("--devices needs each case in its own process"), std::string::npos) << o.err;
}

TEST_F(Devices, CpusPinsEveryCaseProcessToTheCpusItNames) {
  const fs::path out = dir_ / "out";
  // The first CPU this test may run on: one any child may be pinned to.
  const std::string cpu = std::to_string(run::usable_cpus().front());
  Outcome o = lstmbench("run " + suite().string() + fixture_options() + " --set cpus=" + cpu +
                        " --out " + out.string());
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const auto results = results::read_results((out / "results.jsonl").string());
  ASSERT_EQ(results.size(), 4u);
  for (const auto& r : results) {
    EXPECT_EQ(r.spec.cpus, cpu);
    // What the case process itself read from the kernel, after the plugin was loaded.
    EXPECT_EQ(r.backend_details.substr(r.backend_details.find(";cpus=")), ";cpus=" + cpu);
  }
}

TEST_F(Devices, ABadCpuListStopsTheRunBeforeAnythingRunsNamingTheEntry) {
  const std::string run = "run " + suite().string() + fixture_options() + " --out " +
                          (dir_ / "out").string() + " --set cpus=";
  for (const auto& [list, named] : std::vector<std::pair<std::string, std::string>>{
           {"0,x", "'x' is not a CPU id"},
           {"0,0", "CPU 0 is given twice"},
           {"100000", "CPU 100000 is not one this process may run on"}}) {
    Outcome o = lstmbench(run + list);
    EXPECT_EQ(o.exit_code, 2) << list;
    EXPECT_NE(o.err.find(named), std::string::npos) << list << ": " << o.err;
    EXPECT_FALSE(fs::exists(dir_ / "out")) << list << ": nothing may run";
  }
}

}  // namespace
}  // namespace lstmbench::testing
