#include "report/gbench_json.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <set>
#include <sstream>

#include "common/error.hpp"
#include "sample_results.hpp"
#include "suite/case_selection.hpp"

namespace lstmbench::report {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

// A case with timed epochs in three rounds of unequal size (one warm-up epoch, round 0).
results::CaseResult three_round_case() {
  results::CaseResult r = testing::base_case(0, "onednn", 256, 0.001);
  r.status = results::Status::ok;
  r.spec.precision = "fp32";
  r.spec.mode = "eager";
  r.epoch_ms = {900.0, 101.0, 103.0, 98.0, 110.0, 108.0, 95.5};
  r.epoch_round = {0, 1, 1, 2, 2, 2, 3};
  r.train_loss = std::vector<double>(r.epoch_ms.size(), 0.5);
  return r;
}

// The mean epoch time and the epoch count of each round, straight from the case's arrays.
std::vector<std::pair<double, int>> rounds_by_hand(const results::CaseResult& r) {
  std::vector<std::pair<double, int>> rounds;
  for (int round = 1;; ++round) {
    double sum = 0;
    int count = 0;
    for (std::size_t i = 0; i < r.epoch_ms.size(); ++i)
      if (r.epoch_round[i] == round) sum += r.epoch_ms[i], ++count;
    if (count == 0) return rounds;
    rounds.push_back({sum / count, count});
  }
}

std::string kind(const json& value) {
  if (value.is_number_integer()) return "integer";  // signed or unsigned alike
  if (value.is_number_float()) return "float";
  return value.type_name();
}

// Every key `expected` has is in `actual`, with the same JSON kind (integer and float apart,
// since readers parse `iterations` as an integer and times as floats).
void expect_same_keys_and_kinds(const json& expected, const json& actual, const std::string& what) {
  for (const auto& [key, value] : expected.items()) {
    ASSERT_TRUE(actual.contains(key)) << what << " lacks \"" << key << "\"";
    // load_avg's entries come out as integers or floats depending on the value: compare as
    // numbers.
    if (value.is_array() && !value.empty() && value.front().is_number()) {
      EXPECT_TRUE(actual[key].is_array()) << what << "." << key;
      for (const json& entry : actual[key]) EXPECT_TRUE(entry.is_number()) << what << "." << key;
      continue;
    }
    EXPECT_EQ(kind(actual[key]), kind(value)) << what << "." << key;
  }
}

const json* first_entry(const json& document, const std::string& run_type, bool error) {
  for (const json& entry : document["benchmarks"])
    if (entry["run_type"] == run_type && entry.contains("error_occurred") == error) return &entry;
  return nullptr;
}

TEST(GbenchJson, HasTheKeysAndTypesGoogleBenchmarkWrites) {
#ifndef LSTMBENCH_GBENCH_FIXTURE
  GTEST_SKIP() << "Google Benchmark is not installed (libbenchmark-dev): nothing to compare with";
#else
  const auto path = std::filesystem::temp_directory_path() /
                    ("lstmbench_gbench_fixture_" +
                     std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + ".json");
  const std::string command = std::string("'") + LSTMBENCH_GBENCH_FIXTURE +
                              "' --benchmark_format=json --benchmark_out_format=json "
                              "--benchmark_out='" +
                              path.string() + "' >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream in(path);
  const json library = json::parse(in);
  std::filesystem::remove(path);

  results::CaseResult failed = three_round_case();
  failed.spec.batch_size = 512;
  failed.status = results::Status::unverified;
  const json ours = json::parse(
      gbench_json({three_round_case(), failed}, testing::sample_environment(), this_host_facts())
          .dump());

  ASSERT_EQ(ours.size(), 2u);
  expect_same_keys_and_kinds(library["context"], ours["context"], "context");
  for (const auto& [run_type, error] :
       {std::pair{"iteration", false}, std::pair{"aggregate", false},
        std::pair{"iteration", true}}) {
    const std::string what = std::string(run_type) + (error ? " entry with an error" : " entry");
    const json* theirs = first_entry(library, run_type, error);
    const json* mine = first_entry(ours, run_type, error);
    ASSERT_NE(theirs, nullptr) << "the library wrote no " << what;
    ASSERT_NE(mine, nullptr) << "the export has no " << what;
    expect_same_keys_and_kinds(*theirs, *mine, what);
    // And nothing the library keeps out of this kind of entry.
    for (const auto& [key, value] : mine->items()) {
      if (key != "error_occurred" && key != "error_message") {
        EXPECT_TRUE(theirs->contains(key)) << what << " has \"" << key << "\"";
      }
    }
  }
  // The library's aggregates over an errored run: none, like ours.
  for (const json* document : {&library, &ours})
    for (const json& entry : (*document)["benchmarks"])
      EXPECT_FALSE(entry["run_type"] == "aggregate" && entry.contains("error_occurred"));
#endif
}

TEST(GbenchJson, OneIterationEntryPerRoundThenTheAggregates) {
  const results::CaseResult r = three_round_case();
  const json document = json::parse(gbench_json({r}, testing::sample_environment(), {}).dump());
  const json& entries = document["benchmarks"];
  const auto rounds = rounds_by_hand(r);
  ASSERT_EQ(rounds.size(), 3u);
  ASSERT_EQ(entries.size(), rounds.size() + 4);
  const std::string name = suite::case_name(r.spec);
  EXPECT_EQ(name.rfind("onednn/fp32/eager/b256/lr0.001", 0), 0u) << name;

  std::vector<double> means;
  for (std::size_t k = 0; k < rounds.size(); ++k) {
    const json& e = entries[k];
    EXPECT_EQ(e["name"], name);
    EXPECT_EQ(e["run_name"], name);
    EXPECT_EQ(e["run_type"], "iteration");
    EXPECT_EQ(e["repetitions"], 3);
    EXPECT_EQ(e["repetition_index"], k);
    EXPECT_EQ(e["threads"], 1);
    EXPECT_EQ(e["iterations"], rounds[k].second);
    EXPECT_DOUBLE_EQ(e["real_time"].get<double>(), rounds[k].first);
    EXPECT_DOUBLE_EQ(e["cpu_time"].get<double>(), rounds[k].first);
    EXPECT_EQ(e["time_unit"], "ms");
    means.push_back(rounds[k].first);
  }

  // Google Benchmark's statistics over the repetitions: mean, median, sample standard
  // deviation (n - 1) and its ratio to the mean.
  const double mean = std::accumulate(means.begin(), means.end(), 0.0) / 3;
  std::vector<double> sorted = means;
  std::sort(sorted.begin(), sorted.end());
  double squares = 0;
  for (double m : means) squares += (m - mean) * (m - mean);
  const double stddev = std::sqrt(squares / 2);
  const std::vector<std::pair<std::string, double>> expected = {
      {"mean", mean}, {"median", sorted[1]}, {"stddev", stddev}, {"cv", stddev / mean}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const json& e = entries[rounds.size() + i];
    const auto& [aggregate, value] = expected[i];
    EXPECT_EQ(e["name"], name + "_" + aggregate);
    EXPECT_EQ(e["run_name"], name);
    EXPECT_EQ(e["run_type"], "aggregate");
    EXPECT_EQ(e["aggregate_name"], aggregate);
    EXPECT_EQ(e["aggregate_unit"], aggregate == "cv" ? "percentage" : "time");
    EXPECT_EQ(e["iterations"], 3);
    EXPECT_FALSE(e.contains("repetition_index"));
    // Same arithmetic in a different order: a few ulps apart at most.
    EXPECT_NEAR(e["real_time"].get<double>(), value, 1e-12 * std::abs(value)) << aggregate;
  }
}

TEST(GbenchJson, OnlyCasesWithTimedEpochsNumberedInOrder) {
  const std::vector<results::CaseResult> results = testing::sample_results();
  const json document = json::parse(gbench_json(results, testing::sample_environment(), {}).dump());
  std::vector<std::string> timed;
  for (const results::CaseResult& r : results)
    if (r.epoch_ms.size() > static_cast<std::size_t>(r.spec.warmup_epochs))
      timed.push_back(suite::case_name(r.spec));
  ASSERT_FALSE(timed.empty());
  ASSERT_LT(timed.size(), results.size()) << "the sample should hold a case that never timed";

  std::vector<std::string> seen;
  std::set<std::string> errored;
  int last_family = -1;
  for (const json& e : document["benchmarks"]) {
    const int family = e["family_index"];
    EXPECT_EQ(e["per_family_instance_index"], 0);
    if (family != last_family) {
      EXPECT_EQ(family, last_family + 1) << "family indices count up by one";
      seen.push_back(e["run_name"]);
      last_family = family;
    }
    if (e.contains("error_occurred")) errored.insert(e["run_name"].get<std::string>());
  }
  EXPECT_EQ(seen, timed);
  // Every timed case that is not ok says so; the ok ones do not.
  for (const results::CaseResult& r : results) {
    if (std::find(timed.begin(), timed.end(), suite::case_name(r.spec)) != timed.end()) {
      EXPECT_EQ(errored.count(suite::case_name(r.spec)), r.status == results::Status::ok ? 0u : 1u)
          << suite::case_name(r.spec);
    }
  }
}

TEST(GbenchJson, ErrorMessageCarriesStatusAndReason) {
  results::CaseResult r = three_round_case();
  r.status = results::Status::diverged;
  r.reason = "training loss is not finite at epoch 7";
  const json document = json::parse(gbench_json({r}, json::object(), {}).dump());
  ASSERT_EQ(document["benchmarks"].size(), 3u) << "three rounds, no aggregates";
  for (const json& e : document["benchmarks"]) {
    EXPECT_EQ(e["error_occurred"], true);
    EXPECT_EQ(e["error_message"], "diverged: " + r.reason);
  }
}

TEST(GbenchJson, OneRoundHasNoAggregates) {
  results::CaseResult r = three_round_case();
  r.epoch_round = {0, 1, 1, 1, 1, 1, 1};
  const json document = json::parse(gbench_json({r}, json::object(), {}).dump());
  ASSERT_EQ(document["benchmarks"].size(), 1u);
  EXPECT_EQ(document["benchmarks"][0]["iterations"], 6);
  EXPECT_EQ(document["benchmarks"][0]["repetitions"], 1);
}

TEST(GbenchJson, ContextFromTheRecordedEnvironment) {
  const json environment = testing::sample_environment();
  const GbenchHostFacts host{.mhz_per_cpu = 2445, .cpu_scaling_enabled = true, .load_avg = {1.5}};
  const json context = json::parse(gbench_json({}, environment, host).dump())["context"];
  EXPECT_EQ(context["date"], environment["date"]);
  EXPECT_EQ(context["host_name"], environment["host"]);
  EXPECT_EQ(context["executable"], "lstmbench");
  EXPECT_EQ(context["num_cpus"], environment["cores"]);
  EXPECT_EQ(context["mhz_per_cpu"], host.mhz_per_cpu);
  EXPECT_EQ(context["cpu_scaling_enabled"], true);
  EXPECT_EQ(context["load_avg"], json::array({1.5}));
  EXPECT_EQ(context["json_schema_version"], 1);
  EXPECT_EQ(context["lstmbench_git_commit"], environment["git_commit"]);
  EXPECT_EQ(context["lstmbench_version"], environment["lstmbench"]);
  EXPECT_EQ(context["lstmbench_machine"], environment["machine"]);
  EXPECT_FALSE(context.contains("lstmbench_suite")) << "not in this environment";
  // Unknown facts keep the types readers expect.
  const json bare = json::parse(gbench_json({}, json::object(), {}).dump())["context"];
  EXPECT_EQ(bare["num_cpus"], 0);
  EXPECT_EQ(bare["mhz_per_cpu"], 0);
  EXPECT_EQ(bare["load_avg"], json::array());
  EXPECT_EQ(bare["executable"], "lstmbench");
}

TEST(GbenchJson, WritesTheDocumentAndNamesAnUnwritablePath) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("lstmbench_gbench_test_" +
                    std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::filesystem::remove_all(dir);
  const std::vector<results::CaseResult> results{three_round_case()};
  const auto file = dir / "nested" / "gbench.json";
  write_gbench_json(file.string(), results, json::object(), {});
  std::ifstream in(file);
  EXPECT_EQ(json::parse(in), json::parse(gbench_json(results, json::object(), {}).dump()));

  // A regular file where a folder should be.
  const auto blocked = dir / "nested" / "gbench.json" / "x.json";
  try {
    write_gbench_json(blocked.string(), results, json::object(), {});
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(blocked.string()), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lstmbench::report
