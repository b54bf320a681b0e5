#include <gtest/gtest.h>

#include "suite/did_you_mean.hpp"

namespace lstmbench::suite {
namespace {

TEST(EditDistance, CountsInsertionsDeletionsAndSubstitutions) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("batch_sise", "batch_size"), 1u);  // substitution
  EXPECT_EQ(edit_distance("epoch", "epochs"), 1u);           // insertion
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("sitting", "kitten"), 3u);  // symmetric
}

TEST(ClosestName, SuggestsOnlyPlausibleTypos) {
  const std::vector<std::string> names = {"batch_size", "backend", "seed"};
  EXPECT_EQ(closest_name("batch_sise", names), "batch_size");
  EXPECT_EQ(closest_name("bakend", names), "backend");
  EXPECT_EQ(closest_name("learning_rate", names), std::nullopt);
  EXPECT_EQ(did_you_mean("sed", names), "; did you mean 'seed'?");
  EXPECT_EQ(did_you_mean("completely_different", names), "");
}

}  // namespace
}  // namespace lstmbench::suite
