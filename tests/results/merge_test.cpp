#include "results/merge.hpp"

#include <gtest/gtest.h>

namespace lstmbench::results {
namespace {

CaseResult result_with(const std::string& id, int index, const std::string& reason) {
  CaseResult r;
  r.spec.id = id;
  r.spec.index = index;
  r.reason = reason;
  return r;
}

TEST(LatestPerCase, TheLaterResultOfACaseWinsAndSuiteOrderIsRestored) {
  std::vector<CaseResult> merged =
      latest_per_case({result_with("c", 2, "c old"), result_with("a", 0, "a"),
                       result_with("c", 2, "c rerun"), result_with("b", 1, "b")});
  ASSERT_EQ(merged.size(), 3u);
  EXPECT_EQ(merged[0].spec.id, "a");
  EXPECT_EQ(merged[1].spec.id, "b");
  EXPECT_EQ(merged[2].reason, "c rerun");
}

TEST(LatestPerCase, DistinctIdsAtTheSamePositionAreBothKept) {
  // Two suites merged can share positions; only the id says two results are the same case.
  std::vector<CaseResult> merged =
      latest_per_case({result_with("x", 0, "suite 1"), result_with("y", 0, "suite 2")});
  ASSERT_EQ(merged.size(), 2u);
  EXPECT_EQ(merged[0].spec.id, "x");
  EXPECT_EQ(merged[1].spec.id, "y");
}

}  // namespace
}  // namespace lstmbench::results
