// Golden-file comparison for the writers' output tests (Google Benchmark's output tests, with
// whole files instead of regexes: a report is read by people, so every character matters).
//
// To regenerate the files in tests/golden/ after an intended change of the output:
//   LSTMBENCH_UPDATE_GOLDEN=1 ./build/<dir>/tests/report/report_test
// then review the diff (git diff tests/golden) before committing it.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace lstmbench::report::testing {

inline std::string golden_path(const std::string& name) {
  return std::string(LSTMBENCH_SOURCE_DIR) + "/tests/golden/" + name;
}

inline void expect_matches_golden(const std::string& name, const std::string& actual) {
  const std::string path = golden_path(name);
  const char* update = std::getenv("LSTMBENCH_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    GTEST_SKIP() << "rewrote " << path;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "missing golden file " << path
                  << " (LSTMBENCH_UPDATE_GOLDEN=1 writes it; see tests/report/golden.hpp)";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str())
      << "output differs from " << path
      << "; if the change is intended, regenerate with LSTMBENCH_UPDATE_GOLDEN=1";
}

}  // namespace lstmbench::report::testing
