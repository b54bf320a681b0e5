#include "report/pivot_table.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "sample_results.hpp"

namespace lstmbench::report {
namespace {

// A short reference run zipped with the backend (epochs 50 vs 3) must still sit on the same row
// as the backend it is compared with: epochs describes the backend, not the row.
TEST(BackendPivot, SettingsThatFollowTheBackendDoNotSplitRows) {
  std::vector<results::CaseResult> results;
  int index = 0;
  for (int batch : {32, 256})
    for (const auto& [backend, epochs] : {std::pair{"onednn", 50}, std::pair{"reference", 3}}) {
      auto r = testing::base_case(index++, backend, batch, 0.001);
      r.spec.varying = {{"batch_size", std::to_string(batch)},
                        {"backend", backend},
                        {"epochs", std::to_string(epochs)}};
      r.status = results::Status::ok;
      testing::trained(r, {10.0, backend == std::string("onednn") ? 1.0 : 12.0}, {1.0, 0.5}, 0.5);
      results.push_back(r);
    }
  std::ostringstream out;
  ASSERT_TRUE(write_backend_pivot(out, results));
  const std::string text = out.str();
  EXPECT_EQ(text.find("| epochs"), std::string::npos) << text;
  std::size_t rows = 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("| ", 0) == 0 && line.find("---") == std::string::npos) ++rows;
  EXPECT_EQ(rows, 3u) << text;                                 // header + one row per batch size
  EXPECT_NE(text.find("0.0833×"), std::string::npos) << text;  // reference 12 ms vs onednn 1 ms
}

TEST(BackendPivot, ASettingThatVariesWithinABackendStaysARow) {
  std::vector<results::CaseResult> results;
  int index = 0;
  for (double lr : {0.001, 0.002})
    for (const char* backend : {"onednn", "reference"}) {
      auto r = testing::base_case(index++, backend, 32, lr);
      r.status = results::Status::ok;
      testing::trained(r, {10.0, 2.0}, {1.0, 0.5}, 0.5);
      results.push_back(r);
    }
  std::ostringstream out;
  ASSERT_TRUE(write_backend_pivot(out, results));
  EXPECT_NE(out.str().find("learning_rate"), std::string::npos) << out.str();
}

}  // namespace
}  // namespace lstmbench::report
