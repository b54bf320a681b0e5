#include "run/device_groups.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <set>

#include "suite/case_selection.hpp"

namespace lstmbench::run {
namespace {

// `points` cases varying in batch size, each with `replicas` copies, and, with ab, each copy as
// a baseline and a candidate build: in the order the suite expands them.
std::deque<suite::CaseSpec> expanded(int points, int replicas, bool ab) {
  std::deque<suite::CaseSpec> cases;
  for (int p = 0; p < points; ++p)
    for (int r = 1; r <= replicas; ++r) {
      suite::CaseSpec c;
      c.backend = "cudnn";
      c.batch_size = 8 << p;
      c.replica = r;
      c.varying = {{"batch_size", std::to_string(c.batch_size)}};
      if (replicas > 1) c.varying.emplace_back("replica", std::to_string(r));
      for (const char* build :
           ab ? std::vector<const char*>{"baseline", "candidate"} : std::vector<const char*>{""}) {
        suite::CaseSpec copy = c;
        if (*build) copy.varying.emplace_back("build", build);
        cases.push_back(copy);
      }
    }
  return cases;
}

CaseGroup positions_of(const std::deque<suite::CaseSpec>& cases) {
  CaseGroup group;
  for (std::size_t i = 0; i < cases.size(); ++i) group.emplace_back(i, &cases[i]);
  return group;
}

// RETURNS: for each batch size, the groups its cases went to.
std::map<int, std::set<std::size_t>> groups_of_points(const std::vector<CaseGroup>& groups) {
  std::map<int, std::set<std::size_t>> seen;
  for (std::size_t g = 0; g < groups.size(); ++g)
    for (const auto& [position, spec] : groups[g]) seen[spec->batch_size].insert(g);
  return seen;
}

TEST(DeviceGroups, ComparedCopiesShareAKeyAndOtherPointsDoNot) {
  const auto cases = expanded(2, 2, true);
  EXPECT_EQ(comparison_key(cases[0]), comparison_key(cases[3]));  // replica 2's candidate
  EXPECT_NE(comparison_key(cases[0]), comparison_key(cases[4]));  // another batch size
  EXPECT_EQ(comparison_key(cases[0]), suite::case_name(expanded(1, 1, false)[0]));
}

TEST(DeviceGroups, EveryDeviceGetsWorkAndEveryCaseRunsOnce) {
  const auto cases = expanded(8, 1, false);
  const auto groups = device_groups(positions_of(cases), 4, 16);
  ASSERT_EQ(groups.size(), 4u);
  std::set<std::size_t> positions;
  for (const CaseGroup& g : groups) {
    EXPECT_EQ(g.size(), 2u);
    for (const auto& [position, spec] : g) positions.insert(position);
  }
  EXPECT_EQ(positions.size(), cases.size());
  EXPECT_EQ(groups[0][0].first, 0u);  // suite order
}

TEST(DeviceGroups, TheBuildsAndReplicasOfAPointStayInOneGroup) {
  // 3 points of 4 copies over 2 devices: 6 per group would split a point; it never does.
  const auto cases = expanded(3, 2, true);
  const auto groups = device_groups(positions_of(cases), 2, 16);
  for (const auto& [batch, in] : groups_of_points(groups))
    EXPECT_EQ(in.size(), 1u) << "batch " << batch;
  EXPECT_GE(groups.size(), 2u);
}

TEST(DeviceGroups, NoGroupHasMoreThanMaxSessions) {
  const auto cases = expanded(2, 3, true);  // 6 copies per point
  for (const CaseGroup& g : device_groups(positions_of(cases), 1, 4)) EXPECT_LE(g.size(), 4u);
  const auto groups = device_groups(positions_of(cases), 8, 16);
  EXPECT_EQ(groups.size(), 2u);  // more devices than points: one group per point
}

}  // namespace
}  // namespace lstmbench::run
