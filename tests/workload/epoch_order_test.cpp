#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>

#include "workload/workload.hpp"

namespace lstmbench::workload {
namespace {

TEST(EpochOrder, IsAPermutation) {
  for (std::size_t n : {0u, 1u, 2u, 17u, 1000u}) {
    std::vector<std::int32_t> order = epoch_order(42, 3, n);
    ASSERT_EQ(order.size(), n);
    std::sort(order.begin(), order.end());
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(order[i], static_cast<std::int32_t>(i));
  }
}

TEST(EpochOrder, RepeatsPerSeedAndEpochAndDiffersOtherwise) {
  const auto base = epoch_order(42, 0, 500);
  EXPECT_EQ(base, epoch_order(42, 0, 500));
  EXPECT_NE(base, epoch_order(42, 1, 500));
  EXPECT_NE(base, epoch_order(43, 0, 500));
  std::vector<std::int32_t> identity(500);
  std::iota(identity.begin(), identity.end(), 0);
  EXPECT_NE(base, identity);
}

TEST(EpochOrder, AllPermutationsOfThreeAreEquallyLikely) {
  // Fisher-Yates with j uniform in [0, i] gives each of the 6 orders probability 1/6; common
  // slips (j in [0, i) - Sattolo - or j over the whole range) give some orders 0 or 4/27.
  // Over 6000 epochs each count is Binomial(6000, 1/6): sd 28.9; allow 5 sd.
  std::map<std::vector<std::int32_t>, int> counts;
  constexpr int kEpochs = 6000;
  for (int e = 0; e < kEpochs; ++e) ++counts[epoch_order(9, e, 3)];
  ASSERT_EQ(counts.size(), 6u);
  for (const auto& [order, count] : counts) EXPECT_NEAR(count, kEpochs / 6, 5 * 28.9);
}

}  // namespace
}  // namespace lstmbench::workload
