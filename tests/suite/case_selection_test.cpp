#include "suite/case_selection.hpp"

#include <gtest/gtest.h>

#include <set>

#include "common/error.hpp"

namespace lstmbench::suite {
namespace {

Suite grid() {
  return parse_suite(R"(
[axes]
backend = ["reference", "onednn"]
batch_size = [8, 16, 32]
)",
                     "grid.toml");
}

TEST(ParseShard, AcceptsKOfNAndNamesWhatIsWrong) {
  EXPECT_EQ(parse_shard("2/4"), (std::pair{2, 4}));
  for (const char* bad : {"0/4", "5/4", "2/", "/4", "2/4x", "two/four", ""}) {
    try {
      parse_shard(bad);
      FAIL() << bad;
    } catch (const Error& e) {
      EXPECT_NE(e.location().find("--shard"), std::string::npos) << bad;
    }
  }
}

TEST(SelectCases, ShardsAreDisjointAndTogetherHoldEveryCase) {
  const Suite suite = grid();
  std::multiset<std::string> seen;
  for (int k = 1; k <= 4; ++k)
    for (const CaseSpec& c : select_cases(suite, {.shard = std::to_string(k) + "/4"}))
      seen.insert(c.id);
  EXPECT_EQ(seen.size(), suite.cases.size());
  for (const CaseSpec& c : suite.cases) EXPECT_EQ(seen.count(c.id), 1u) << c.id;
}

TEST(SelectCases, BackendAndFilterKeepTheirCasesInSuiteOrder) {
  const Suite suite = grid();
  auto onednn = select_cases(suite, {.backends = {"onednn"}});
  ASSERT_EQ(onednn.size(), 3u);
  for (const CaseSpec& c : onednn) EXPECT_EQ(c.backend, "onednn");
  auto b16 = select_cases(suite, {.filter = "/b16/"});
  ASSERT_EQ(b16.size(), 2u);
  EXPECT_LT(b16[0].index, b16[1].index);
  EXPECT_EQ(case_name(b16[0]), "reference/fp32/eager/b16/lr0.001");
}

TEST(SelectCases, AnUnusedBackendOrABadFilterIsAnError) {
  const Suite suite = grid();
  try {
    select_cases(suite, {.backends = {"onedn"}});
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'onednn'"), std::string::npos) << e.what();
  }
  EXPECT_THROW(select_cases(suite, {.filter = "(("}), Error);
}

TEST(BaselineAndCandidate, EachCaseTwiceWithIdsOfTheirOwn) {
  const Suite suite = grid();
  auto ab = baseline_and_candidate(suite.cases);
  ASSERT_EQ(ab.size(), 2 * suite.cases.size());
  std::set<std::string> ids;
  for (const CaseSpec& c : ab) ids.insert(c.id);
  EXPECT_EQ(ids.size(), ab.size());
  EXPECT_EQ(ab[0].build, "baseline");
  EXPECT_EQ(ab[1].build, "candidate");
  EXPECT_EQ(ab[0].varying.back(), (std::pair<std::string, std::string>{"build", "baseline"}));
}

}  // namespace
}  // namespace lstmbench::suite
