// The runner at its edges, end to end: rounds and replicas, the stopping rule, a warning about
// OpenMP threads that spin while their case waits, a result channel that a plugin writes junk
// into, a plugin that dies after its last epoch, a time limit that keeps the epochs before it, a
// locked run folder, a full disk, and `compare` given nothing to compare.
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "app/cli_test_support.hpp"
#include "results/run_folder.hpp"

namespace lstmbench::testing {
namespace {

using results::Status;

class RunEdges : public CliTest {
 protected:
  fs::path suite(const std::string& extra) {
    return write_file("suite.toml", std::string(kTinySuite) + extra);
  }
  std::string edge_plugins() { return " --plugin-dir " + std::string(FIXTURE_DIR) + "/edge"; }
  std::vector<results::CaseResult> results_in(const fs::path& out) {
    return results::read_results((out / "results.jsonl").string());
  }
};

TEST_F(RunEdges, RoundsInterleaveCasesAndEveryEpochKeepsItsRound) {
  fs::path out = dir_ / "out";
  Outcome o = lstmbench("run " + suite("[axes]\nbatch_size = [4, 8]\n").string() +
                        " --set epochs=7 --set rounds=3 --out " + out.string());
  ASSERT_EQ(o.exit_code, 0) << o.err;
  auto results = results_in(out);
  ASSERT_EQ(results.size(), 2u);
  for (const auto& r : results) {
    EXPECT_EQ(r.epoch_round, (std::vector<int>{0, 1, 1, 2, 2, 3, 3})) << r.spec.id;
    EXPECT_EQ(r.rounds_run, 3);
    EXPECT_NE(r.stop_reason.find("rounds = 3"), std::string::npos) << r.stop_reason;
  }
  EXPECT_NE(o.err.find("round 3/3"), std::string::npos) << o.err;
}

TEST_F(RunEdges, OneVerificationStandsForCasesThatComputeTheSameSlice) {
  // Batch 8 and 16 both verify on batches of 8: the same computation, verified once. Another
  // learning rate is another computation, verified again.
  fs::path out = dir_ / "out";
  Outcome o = lstmbench(
      "run " + suite("[axes]\nlearning_rate = [0.001, 0.002]\nbatch_size = [8, 16]\n").string() +
      " --out " + out.string());
  ASSERT_EQ(o.exit_code, 0) << o.err;
  auto results = results_in(out);
  ASSERT_EQ(results.size(), 4u);
  for (const auto& r : results) EXPECT_TRUE(r.verification.ran && r.verification.passed);
  EXPECT_EQ(results[0].verification.reused_from, "");
  EXPECT_EQ(results[1].verification.reused_from, results[0].spec.id);
  EXPECT_EQ(results[2].verification.reused_from, "");
  EXPECT_EQ(results[3].verification.reused_from, results[2].spec.id);
  EXPECT_EQ(results[1].verification.max_rel_error_loss, results[0].verification.max_rel_error_loss);
}

TEST_F(RunEdges, ReplicasAreIdenticalCopiesInRowsOfTheirOwn) {
  fs::path out = dir_ / "out";
  Outcome o = lstmbench("run " + suite("").string() + " --set replicas=2 --out " + out.string());
  ASSERT_EQ(o.exit_code, 0) << o.err;
  auto results = results_in(out);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].spec.replica, 1);
  EXPECT_EQ(results[1].spec.replica, 2);
  EXPECT_NE(results[0].spec.id, results[1].spec.id);
  EXPECT_EQ(results[0].train_loss, results[1].train_loss);  // the same computation, twice
}

TEST_F(RunEdges, SpinningIdleThreadsAreWarnedOfWhenCasesWaitBesideEachOther) {
  const std::string two_cases = "run " + suite("[axes]\nbatch_size = [4, 8]\n").string();
  setenv("OMP_WAIT_POLICY", "active", 1);
  Outcome together = lstmbench(two_cases + " --out " + (dir_ / "together").string());
  // One case process at a time: nothing waits beside the case being timed.
  Outcome alone = lstmbench(two_cases + " --set max_sessions=1 --out " + (dir_ / "alone").string());
  unsetenv("OMP_WAIT_POLICY");
  Outcome unset = lstmbench(two_cases + " --out " + (dir_ / "unset").string());
  ASSERT_EQ(together.exit_code, 0) << together.err;
  ASSERT_EQ(alone.exit_code, 0) << alone.err;
  ASSERT_EQ(unset.exit_code, 0) << unset.err;
  const std::string warning = "OMP_WAIT_POLICY=active keeps idle OpenMP threads spinning";
  EXPECT_NE(together.err.find(warning), std::string::npos) << together.err;
  EXPECT_EQ(together.err.find(warning), together.err.rfind(warning)) << "said once per run";
  EXPECT_EQ(alone.err.find(warning), std::string::npos) << alone.err;
  EXPECT_EQ(unset.err.find(warning), std::string::npos) << unset.err;
  EXPECT_EQ(results_in(dir_ / "together").size(), 2u);  // a warning, not a refusal
  // The setting is recorded with the run, and the report shows it.
  const auto recorded = nlohmann::json::parse(read_file(dir_ / "together" / "environment.json"));
  EXPECT_EQ(recorded["backend_settings"].value("OMP_WAIT_POLICY", ""), "active") << recorded;
  const auto unset_recorded = nlohmann::json::parse(read_file(dir_ / "unset" / "environment.json"));
  EXPECT_FALSE(unset_recorded["backend_settings"].contains("OMP_WAIT_POLICY")) << unset_recorded;
  EXPECT_NE(read_file(dir_ / "together" / "report.md").find("OMP_WAIT_POLICY=active"),
            std::string::npos);
}

TEST_F(RunEdges, TheStoppingRuleAddsRoundsUpToItsLimitAndSaysWhy) {
  fs::path out = dir_ / "out";
  // A target no real machine meets: rounds are added until max_rounds.
  Outcome o = lstmbench("run " + suite("").string() +
                        " --set epochs=3 --set target_rel_ci=0.000001 --set max_rounds=4 --out " +
                        out.string());
  ASSERT_EQ(o.exit_code, 0) << o.err;
  auto results = results_in(out);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].rounds_run, 4);
  EXPECT_EQ(results[0].epoch_ms.size(), 1u + 4u);  // warm-up, two base rounds, two extra
  EXPECT_NE(results[0].stop_reason.find("max_rounds = 4 reached"), std::string::npos)
      << results[0].stop_reason;
}

TEST_F(RunEdges, JunkOnTheResultChannelNeitherHidesNorFakesTheResult) {
  fs::path out = dir_ / "out";
  Outcome o = lstmbench("run " + suite("").string() +
                        " --set backend=fixture_junk --set verify=false --out " + out.string() +
                        edge_plugins());
  ASSERT_EQ(o.exit_code, 0) << o.err;
  auto results = results_in(out);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].status, Status::ok) << results[0].reason;
  EXPECT_EQ(results[0].epoch_ms.size(), 2u);
  EXPECT_NE(o.err.find("ignored"), std::string::npos) << o.err;
}

TEST_F(RunEdges, APluginThatDiesInItsDestructorLosesNothing) {
  fs::path out = dir_ / "out";
  Outcome o = lstmbench("run " + suite("").string() +
                        " --set backend=fixture_abort_exit --set verify=false --set epochs=4 "
                        "--out " +
                        out.string() + edge_plugins());
  ASSERT_EQ(o.exit_code, 0) << o.err;
  auto results = results_in(out);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].status, Status::ok) << results[0].reason;
  EXPECT_EQ(results[0].epoch_ms.size(), 4u);
}

TEST_F(RunEdges, ATimeoutKeepsTheEpochsFinishedBeforeIt) {
  fs::path out = dir_ / "out";
  Outcome o = lstmbench("run " + suite("").string() +
                        " --set backend=fixture_slow --set verify=false --set epochs=100 "
                        "--set rounds=1 --set timeout_s=1.5 --out " +
                        out.string() + edge_plugins());
  EXPECT_EQ(o.exit_code, 1) << o.err;
  auto results = results_in(out);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].status, Status::timeout);
  EXPECT_GE(results[0].epoch_ms.size(), 3u) << results[0].reason;  // 200 ms each
  EXPECT_NE(results[0].reason.find("epochs finished before are kept"), std::string::npos)
      << results[0].reason;
}

TEST_F(RunEdges, ASecondRunOnTheSameFolderIsRefusedNamingTheFirst) {
  fs::path out = dir_ / "out";
  results::RunFolder holder(out.string(), results::RunFolder::Mode::kFresh);
  Outcome o = lstmbench("run " + suite("").string() + " --out " + out.string());
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("pid " + std::to_string(::getpid())), std::string::npos) << o.err;
}

TEST_F(RunEdges, AWriteErrorStopsTheRunAndPrintsWhatItCouldNotWrite) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full on this system";
  fs::path out = dir_ / "out";
  fs::create_directories(out);
  fs::create_symlink("/dev/full", out / "results.jsonl");
  Outcome o = lstmbench("run " + suite("").string() + " --out " + out.string());
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("results.jsonl"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("disk is full"), std::string::npos) << o.err;
  EXPECT_NE(o.out.find("\"epoch_ms\""), std::string::npos) << "the result was not printed";
}

TEST_F(RunEdges, BadDataStopsTheRunBeforeAnyCaseAndKeepsTheFoldersResults) {
  fs::path out = dir_ / "out";
  ASSERT_EQ(lstmbench("run " + suite("").string() + " --out " + out.string()).exit_code, 0);
  const std::string before = read_file(out / "results.jsonl");
  write_file("ragged.csv", "t,v\n1,1\n2,2,2\n3,3\n");
  for (const std::string& path : {std::string("nope.csv"), std::string("ragged.csv")}) {
    Outcome o = lstmbench("run " + suite("").string() +
                          " --set source=csv --set path=" + (dir_ / path).string() +
                          " --set column=v --set train_windows=0" + " --out " + out.string());
    EXPECT_EQ(o.exit_code, 2) << path << o.err;
    EXPECT_NE(o.err.find(path), std::string::npos) << o.err;
    EXPECT_EQ(o.err.find("[1/"), std::string::npos) << "a case ran: " << o.err;
    EXPECT_EQ(read_file(out / "results.jsonl"), before) << "the earlier results were lost";
  }
}

TEST_F(RunEdges, AWorkloadNoMachineHoldsIsRefusedBeforeItIsBuilt) {
  // 2^31-1 windows of 60 steps: about 480 GiB. Refused with the numbers, exit 2, runner alive.
  for (const std::string& mode : {std::string("--out ") + (dir_ / "out").string(),
                                  std::string("--dump-workload ") + (dir_ / "dump").string()}) {
    Outcome o = lstmbench("run " + suite("").string() +
                          " --set train_windows=2147483647 --set seq_len=60 " + mode);
    EXPECT_EQ(o.exit_code, 2) << mode << o.err;
    EXPECT_NE(o.err.find("GiB of memory"), std::string::npos) << o.err;
  }
}

TEST_F(RunEdges, ADeviceFaultIsRerunWithTheStandardAlgorithmKeepingBothOutcomes) {
  fs::path out = dir_ / "out";
  Outcome o = lstmbench("run " + suite("[options]\nalgo = \"persist\"\n").string() +
                        " --set backend=fixture_fault --set verify=false --out " + out.string() +
                        edge_plugins());
  EXPECT_EQ(o.exit_code, 1) << o.err;  // the faulted case is a failure on record
  auto results = results_in(out);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].status, Status::failed);
  EXPECT_NE(results[0].reason.find("cuda fault (sticky):"), std::string::npos) << results[0].reason;
  EXPECT_EQ(results[1].status, Status::ok) << results[1].reason;
  EXPECT_EQ(results[1].spec.options.at("algo"), "standard");
  EXPECT_NE(results[0].spec.id, results[1].spec.id);
}

TEST_F(RunEdges, AClosedOrFullStderrCostsTheProgressLinesNotTheRun) {
  for (const std::string& redirect : {std::string("2>/dev/full"), std::string("2>&-")}) {
    fs::path out = dir_ / "out";
    fs::remove_all(out);
    const std::string command = std::string(LSTMBENCH_EXE) + " run " + suite("").string() +
                                " --out " + out.string() + " >/dev/null " + redirect;
    const int status = std::system(("bash -c '" + command + "'").c_str());
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << redirect;
    EXPECT_EQ(results_in(out).size(), 1u) << redirect;
  }
}

TEST_F(RunEdges, ACaseKilledBySigkillIsReportedAsProbablyOutOfMemoryKeepingItsEpochs) {
  fs::path out = dir_ / "out";
  Outcome o = lstmbench("run " + suite("").string() +
                        " --set backend=fixture_killed --set verify=false --set epochs=4 --out " +
                        out.string() + edge_plugins());
  EXPECT_EQ(o.exit_code, 1) << o.err;
  auto results = results_in(out);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].status, Status::crashed);
  EXPECT_NE(results[0].reason.find("probably out of memory"), std::string::npos)
      << results[0].reason;
  EXPECT_NE(results[0].reason.find("peak resident memory"), std::string::npos);
  EXPECT_EQ(results[0].epoch_ms.size(), 1u);  // the warm-up epoch, streamed before the kill
}

TEST_F(RunEdges, FilterSelectsCasesByName) {
  fs::path out = dir_ / "out";
  Outcome o = lstmbench("run " + suite("[axes]\nbatch_size = [4, 8]\n").string() +
                        " --filter 'reference/fp32/eager/b8/' --out " + out.string());
  ASSERT_EQ(o.exit_code, 0) << o.err;
  auto results = results_in(out);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].spec.batch_size, 8);
  EXPECT_EQ(
      lstmbench("run " + suite("").string() + " --filter '(' --out " + out.string()).exit_code, 2);
}

TEST_F(RunEdges, CompareRefusesAnEmptyOrGarbageSideNamingTheFile) {
  fs::path out = dir_ / "out";
  ASSERT_EQ(lstmbench("run " + suite("").string() + " --out " + out.string()).exit_code, 0);
  fs::path empty = write_file("empty.jsonl", "");
  Outcome o = lstmbench("compare " + out.string() + " " + empty.string());
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("empty.jsonl"), std::string::npos) << o.err;
  fs::path garbage = write_file("garbage.jsonl", "not json\nstill not\n");
  o = lstmbench("compare " + garbage.string() + " " + out.string());
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("garbage.jsonl"), std::string::npos) << o.err;
  // Absurd times: a number no epoch takes.
  std::string line = read_file(out / "results.jsonl");
  const std::size_t at = line.find("\"epoch_ms\":[");
  ASSERT_NE(at, std::string::npos);
  line.insert(at + 12, "1e308,");
  fs::path absurd = write_file("absurd.jsonl", line);
  o = lstmbench("compare " + out.string() + " " + absurd.string());
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("absurd.jsonl"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("not a measurement"), std::string::npos) << o.err;
}

TEST_F(RunEdges, KillingTheRunnerWithSigkillTakesTheExternalPeerWithIt) {
  // A peer that never answers: it only sleeps, under a name no other process has.
  fs::path out = dir_ / "out";
  fs::path suite_file = write_file(
      "peer.toml", std::string(kTinySuite) +
                       "[external.stuck]\ncommand = [\"sleep\", \"987.25\"]\n[axes]\nbackend = "
                       "[\"stuck\"]\n");
  const std::string command =
      std::string(LSTMBENCH_EXE) + " run " + suite_file.string() + " --out " + out.string() +
      " >/dev/null 2>&1 & pid=$!; sleep 2; " +
      "kill -KILL $pid; wait $pid; sleep 1; pgrep -f '[s]leep 987.25' | wc -l";
  FILE* pipe = popen(("bash -c \"" + command + "\"").c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char buffer[64] = {};
  ASSERT_NE(fgets(buffer, sizeof buffer, pipe), nullptr);
  pclose(pipe);
  EXPECT_EQ(std::atoi(buffer), 0) << "the peer outlived the runner";
}

}  // namespace
}  // namespace lstmbench::testing
