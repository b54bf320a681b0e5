// The command line end to end: real processes, real plugins, real files.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <lstmbench/npy.hpp>
#include <sstream>

#include "cli_test_support.hpp"
#include "report/report.hpp"
#include "results/result_json.hpp"
#include "results/run_folder.hpp"
#include "suite/suite.hpp"
#include "workload/workload.hpp"

namespace fs = std::filesystem;

namespace {

using lstmbench::testing::kTinySuite;
using lstmbench::testing::Outcome;
using lstmbench::testing::read_file;

class Cli : public lstmbench::testing::CliTest {
 protected:
  fs::path write_suite(const std::string& name, const std::string& text) {
    return write_file(name, text);
  }
};

const std::string kSource = LSTMBENCH_SOURCE_DIR;

std::vector<std::string> split_csv_header(const std::string& line) {
  std::vector<std::string> names;
  std::stringstream s(line);
  std::string name;
  while (std::getline(s, name, ',')) names.push_back(name);
  return names;
}

TEST_F(Cli, RunsTheCiSuiteWritingEveryReport) {
  fs::path out = dir_ / "out";
  Outcome o = lstmbench("run " + kSource + "/suites/ci.toml --out " + out.string());
  ASSERT_EQ(o.exit_code, 0) << o.err << o.out;

  lstmbench::suite::Suite suite = lstmbench::suite::load_suite(kSource + "/suites/ci.toml");
  std::vector<lstmbench::results::CaseResult> results =
      lstmbench::results::read_results((out / "results.jsonl").string());
  ASSERT_EQ(results.size(), suite.cases.size());

  // CSV: the documented columns, one row per case.
  std::ifstream csv(out / "results.csv");
  std::string header;
  std::getline(csv, header);
  std::vector<std::string> columns = split_csv_header(header);
  for (const std::string& column : lstmbench::report::csv_columns())
    EXPECT_NE(std::find(columns.begin(), columns.end(), column), columns.end()) << column;
  std::size_t rows = 0;
  for (std::string line; std::getline(csv, line);)
    if (!line.empty()) ++rows;
  EXPECT_EQ(rows, suite.cases.size());

  // Markdown: one table row per case that ran, and the reference rows verified.
  std::string markdown = read_file(out / "report.md");
  std::size_t ran = 0;
  for (const auto& r : results) {
    if (r.status == lstmbench::results::Status::skipped) continue;
    ++ran;
    EXPECT_EQ(r.status, lstmbench::results::Status::ok) << r.reason;
    if (r.spec.backend == "reference") {
      EXPECT_TRUE(r.verification.ran);
      EXPECT_TRUE(r.verification.passed);
    }
    EXPECT_EQ(r.epoch_ms.size(), static_cast<std::size_t>(r.spec.epochs));
  }
  EXPECT_GT(ran, 0u);
  std::size_t table_rows = 0;
  std::stringstream table(o.out);
  for (std::string line; std::getline(table, line);)
    if (line.rfind("| ", 0) == 0 && line.find("---") == std::string::npos) ++table_rows;
  EXPECT_EQ(table_rows, ran + 1) << o.out;  // + the header row
  EXPECT_NE(markdown.find("reference"), std::string::npos);
}

TEST_F(Cli, MalformedSuiteExitsTwoNamingFileLineAndColumn) {
  fs::path suite = write_suite("bad.toml", "[suite]\nname = \"bad\"\n[run]\nbatch_size = = 3\n");
  Outcome o = lstmbench("run " + suite.string() + " --out " + (dir_ / "out").string());
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find(suite.string() + ":4:"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(dir_ / "out" / "results.jsonl"));
}

TEST_F(Cli, SelectionsThatSelectNothingOrDoNotParseAreErrors) {
  Outcome typo = lstmbench("run " + kSource + "/suites/ci.toml --backend refrence");
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_NE(typo.err.find("--backend refrence"), std::string::npos) << typo.err;
  EXPECT_NE(typo.err.find("did you mean 'reference'"), std::string::npos) << typo.err;
  Outcome shard = lstmbench("run " + kSource + "/suites/ci.toml --shard 1/2x");
  EXPECT_EQ(shard.exit_code, 2);
  EXPECT_NE(shard.err.find("--shard 1/2x"), std::string::npos) << shard.err;
}

TEST_F(Cli, ReportReadsARunFolderAndRefusesWhatIsNotOne) {
  fs::path out = dir_ / "out";
  ASSERT_EQ(
      lstmbench("run " + kSource + "/suites/ci.toml --backend reference --out " + out.string())
          .exit_code,
      0);
  fs::remove(out / "report.md");
  EXPECT_EQ(lstmbench("report " + out.string()).exit_code, 0);
  EXPECT_TRUE(fs::exists(out / "report.md"));
  Outcome empty = lstmbench("report " + dir_.string());
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_NE(empty.err.find("no results.jsonl"), std::string::npos) << empty.err;
}

TEST_F(Cli, UnknownSettingIsAnErrorWithADidYouMean) {
  fs::path suite = write_suite("typo.toml", "[suite]\nname = \"typo\"\n[run]\nbatch_sise = 3\n");
  Outcome o = lstmbench("run " + suite.string());
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find(":4:1"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("batch_size"), std::string::npos) << o.err;
}

TEST_F(Cli, ACrashingOrHangingBackendIsRecordedAndTheOthersFinish) {
  fs::path suite = write_suite(
      "crash.toml", std::string(kTinySuite) +
                        "[axes]\nbackend = [\"fixture_crash\", \"reference\", \"fixture_hang\"]\n");
  fs::path out = dir_ / "out";
  Outcome o = lstmbench("run " + suite.string() + " --set timeout_s=3 --out " + out.string() +
                        " --plugin-dir " + std::string(FIXTURE_DIR) + "/crash");
  EXPECT_EQ(o.exit_code, 1) << o.err;
  auto results = lstmbench::results::read_results((out / "results.jsonl").string());
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].status, lstmbench::results::Status::crashed);
  EXPECT_NE(results[0].reason.find("signal 11"), std::string::npos) << results[0].reason;
  EXPECT_EQ(results[1].status, lstmbench::results::Status::ok) << results[1].reason;
  EXPECT_EQ(results[2].status, lstmbench::results::Status::timeout) << results[2].reason;
}

TEST_F(Cli, SigtermStopsTheRunKeepingFinishedCasesAndKillingTheCurrentOne) {
  fs::path suite =
      write_suite("stop.toml", std::string(kTinySuite) +
                                   "[axes]\nbackend = [\"reference\", \"fixture_hang\"]\n");
  fs::path out = dir_ / "out";
  std::string command =
      // max_sessions = 1: the reference case is a group of its own and finishes before the
      // hanging case's group starts (a group's cases are kept when all their rounds are done).
      std::string(LSTMBENCH_EXE) + " run " + suite.string() + " --set max_sessions=1 --out " +
      out.string() + " --plugin-dir " + FIXTURE_DIR + "/crash >/dev/null 2>&1 & " +
      "pid=$!; sleep 3; kill -TERM $pid; wait $pid; echo $? > " + (dir_ / "code").string();
  auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(std::system(("bash -c '" + command + "'").c_str()), 0);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 10.0);  // the hanging case (timeout_s 20) did not hold it up
  EXPECT_EQ(std::stoi(read_file(dir_ / "code")), 128 + 15);
  auto results = lstmbench::results::read_results((out / "results.jsonl").string());
  ASSERT_EQ(results.size(), 1u);  // the finished reference case; the interrupted one is not kept
  EXPECT_EQ(results[0].spec.backend, "reference");
  EXPECT_TRUE(fs::exists(out / "report.md"));
  // No case process is left behind.
  EXPECT_NE(std::system(("pgrep -f '[r]un-case --case " + out.string() + "' >/dev/null").c_str()),
            0);
}

TEST_F(Cli, ResumeSkipsCasesAlreadyFinished) {
  fs::path suite =
      write_suite("tiny.toml", std::string(kTinySuite) + "[axes]\nbatch_size = [4, 8]\n");
  fs::path out = dir_ / "out";
  ASSERT_EQ(lstmbench("run " + suite.string() + " --out " + out.string()).exit_code, 0);
  fs::remove_all(out / "logs");
  std::ofstream(out / "results.jsonl", std::ios::app) << "{\"spec\": {\"id\"";  // killed mid-write
  Outcome o = lstmbench("run " + suite.string() + " --resume --out " + out.string());
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_FALSE(fs::exists(out / "logs")) << "a finished case ran again";
  EXPECT_EQ(lstmbench::results::read_results((out / "results.jsonl").string()).size(), 2u);
  EXPECT_EQ(read_file(out / "results.jsonl").back(), '\n');
}

TEST_F(Cli, FailOnSkipTurnsASkippedCaseIntoExitCodeOne) {
  fs::path suite = write_suite("skip.toml", kTinySuite);
  std::string args = "run " + suite.string() + " --set backend=no_such";
  Outcome lenient = lstmbench(args + " --out " + (dir_ / "a").string());
  EXPECT_EQ(lenient.exit_code, 0) << lenient.err;
  Outcome strict = lstmbench(args + " --fail-on-skip --out " + (dir_ / "b").string());
  EXPECT_EQ(strict.exit_code, 1) << strict.err;
}

TEST_F(Cli, DumpedWorkloadRoundTripsExactly) {
  fs::path suite = write_suite("tiny.toml", kTinySuite);
  fs::path dump = dir_ / "dump";
  Outcome o = lstmbench("run " + suite.string() + " --dump-workload " + dump.string());
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const lstmbench::suite::CaseSpec spec = lstmbench::suite::load_suite(suite.string()).cases.at(0);
  lstmbench::workload::Workload w = lstmbench::workload::build_workload(spec);
  auto x = lstmbench::npy::read<float>((dump / "train_x.npy").string());
  EXPECT_EQ(x.data, w.train_x);
  EXPECT_EQ(x.shape,
            (std::vector<std::size_t>{w.num_train, static_cast<std::size_t>(w.seq_len), 1}));
  EXPECT_EQ(lstmbench::npy::read<float>((dump / "val_y.npy").string()).data, w.val_y);
  EXPECT_EQ(lstmbench::npy::read<float>((dump / "initial_weights.npy").string()).data,
            lstmbench::workload::initial_weights(spec, 1));
  auto orders = lstmbench::npy::read<std::int32_t>((dump / "epoch_orders.npy").string());
  ASSERT_EQ(orders.shape.at(0), static_cast<std::size_t>(spec.epochs));
  std::vector<std::int32_t> second(orders.data.begin() + static_cast<long>(w.num_train),
                                   orders.data.begin() + static_cast<long>(2 * w.num_train));
  EXPECT_EQ(second, lstmbench::workload::epoch_order(spec.seed, 1, w.num_train));
  EXPECT_TRUE(fs::exists(dump / "manifest.json"));
}

TEST_F(Cli, ListShowsTheReferenceBackendAndLoadFailures) {
  Outcome o = lstmbench("list --plugin-dir " + std::string(FIXTURE_DIR) + "/broken");
  EXPECT_EQ(o.exit_code, 1);  // the broken fixtures are failures
  EXPECT_NE(o.out.find("backend reference"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("NOT LOADED"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("ABI 99.0"), std::string::npos) << o.out;
}

}  // namespace
