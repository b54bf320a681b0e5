#include "workload/random_stream.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

namespace lstmbench::workload {
namespace {

TEST(RandomStream, SplitMixMatchesThePublishedReference) {
  // The first output of Vigna's splitmix64.c from state 0 is 0xE220A8397B1DCDAF; our
  // splitmix64(x) is that generator's output for state x.
  EXPECT_EQ(splitmix64(0), 0xE220A8397B1DCDAFULL);
}

TEST(RandomStream, EngineIsTheStandardsMersenneTwister) {
  // [rand.predef]: the 10000th output of a default-constructed mt19937_64 is 9981545732273789042.
  // Guards against someone swapping the engine, which would change every suite's data.
  std::mt19937_64 engine;
  engine.discard(9999);
  EXPECT_EQ(engine(), 9981545732273789042ULL);
}

TEST(RandomStream, SameSeedSameStreamRepeats) {
  RandomStream a(42, Stream::kSeries), b(42, Stream::kSeries);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.next_u64(), b.next_u64());
}

TEST(RandomStream, StreamsSeedsAndIndicesAreSeparate) {
  const std::uint64_t base = stream_seed(42, Stream::kSeries);
  EXPECT_NE(base, stream_seed(43, Stream::kSeries));
  EXPECT_NE(base, stream_seed(42, Stream::kWeights));
  EXPECT_NE(base, stream_seed(42, Stream::kEpochOrder));
  EXPECT_NE(stream_seed(42, Stream::kEpochOrder, 0), stream_seed(42, Stream::kEpochOrder, 1));
}

TEST(RandomStream, UniformStaysInItsInterval) {
  RandomStream random(7, Stream::kWeights);
  double sum = 0.0;
  constexpr int kDraws = 100000;
  for (int i = 0; i < kDraws; ++i) {
    const double u = random.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  // Mean of U(0,1) has standard error 1/sqrt(12 n) = 9.1e-4 here; 5 standard errors.
  EXPECT_NEAR(sum / kDraws, 0.5, 5 * 9.2e-4);
}

TEST(RandomStream, NormalHasUnitMoments) {
  RandomStream random(7, Stream::kSeries);
  constexpr int kDraws = 200000;
  double sum = 0.0, squares = 0.0;
  for (int i = 0; i < kDraws; ++i) {
    const double z = random.normal();
    ASSERT_TRUE(std::isfinite(z));
    sum += z;
    squares += z * z;
  }
  // Standard errors: mean 1/sqrt(n) = 2.2e-3, variance sqrt(2/n) = 3.2e-3; 5 of each.
  EXPECT_NEAR(sum / kDraws, 0.0, 5 * 2.3e-3);
  EXPECT_NEAR(squares / kDraws, 1.0, 5 * 3.2e-3);
}

TEST(RandomStream, FillNormalGivesWhatRepeatedCallsGive) {
  // fill_normal splits the arithmetic over threads and draws in chunks; bit for bit it must be
  // normal() called count times, including a spare pair value left over before or after it and
  // counts that cross a chunk (2^15 pairs) or fall short of a pair.
  for (const std::size_t before : {0, 1}) {
    for (const std::size_t count : {0, 1, 2, 7, 100001, 200000}) {
      SCOPED_TRACE("after " + std::to_string(before) + " draws, " + std::to_string(count));
      RandomStream one_by_one(9, Stream::kWeights), filled(9, Stream::kWeights);
      for (std::size_t k = 0; k < before; ++k) EXPECT_EQ(one_by_one.normal(), filled.normal());
      std::vector<double> expected(count), actual(count);
      for (double& e : expected) e = one_by_one.normal();
      filled.fill_normal(actual.data(), count);
      if (count > 0) {  // memcmp must not see the null data() of an empty vector
        EXPECT_EQ(std::memcmp(expected.data(), actual.data(), count * sizeof(double)), 0);
      }
      EXPECT_EQ(one_by_one.normal(), filled.normal());  // the same state afterwards
      EXPECT_EQ(one_by_one.normal(), filled.normal());
    }
  }
}

TEST(RandomStream, BelowIsUniformOverItsRange) {
  RandomStream random(3, Stream::kEpochOrder);
  std::array<int, 5> counts{};
  constexpr int kDraws = 50000;
  for (int i = 0; i < kDraws; ++i) {
    const std::uint64_t k = random.below(5);
    ASSERT_LT(k, 5u);
    ++counts[k];
  }
  // Binomial(50000, 0.2): sd = sqrt(n p (1-p)) = 89.4; 5 sd around the expected 10000.
  for (int c : counts) EXPECT_NEAR(c, kDraws / 5, 5 * 89.5);
  EXPECT_EQ(random.below(1), 0u);
}

}  // namespace
}  // namespace lstmbench::workload
