// Which environment settings make idle OpenMP threads spin long enough to disturb other cases:
// the standard OMP_WAIT_POLICY, and libgomp's and LLVM's own knobs at values of a second or more.
#include "run/idle_spin.hpp"

#include <gtest/gtest.h>

#include <map>

namespace lstmbench::run {
namespace {

// An environment made of `vars` only.
EnvLookup environment(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> const char* {
    const auto found = vars.find(name);
    return found == vars.end() ? nullptr : found->second.c_str();
  };
}

TEST(IdleSpin, NothingSetMeansNoSpinning) { EXPECT_EQ(idle_spin_setting(environment({})), ""); }

TEST(IdleSpin, AnActiveWaitPolicyIsNamedAsTheUserWroteIt) {
  EXPECT_EQ(idle_spin_setting(environment({{"OMP_WAIT_POLICY", "ACTIVE"}})),
            "OMP_WAIT_POLICY=ACTIVE");
  EXPECT_EQ(idle_spin_setting(environment({{"OMP_WAIT_POLICY", " active "}})),
            "OMP_WAIT_POLICY= active ");
  EXPECT_EQ(idle_spin_setting(environment({{"OMP_WAIT_POLICY", "passive"}})), "");
  EXPECT_EQ(idle_spin_setting(environment({{"OMP_WAIT_POLICY", "actively"}})), "");
}

TEST(IdleSpin, SpinCountsOfASecondOrMoreAreNamedAndShortOnesAreNot) {
  EXPECT_EQ(idle_spin_setting(environment({{"GOMP_SPINCOUNT", "INFINITY"}})),
            "GOMP_SPINCOUNT=INFINITY");
  EXPECT_EQ(idle_spin_setting(environment({{"GOMP_SPINCOUNT", "1000000000"}})),
            "GOMP_SPINCOUNT=1000000000");
  // More than 64 bits hold is still "for ever", not a parse failure to ignore.
  EXPECT_EQ(idle_spin_setting(environment({{"GOMP_SPINCOUNT", "99999999999999999999999"}})),
            "GOMP_SPINCOUNT=99999999999999999999999");
  // libgomp's own default is 300000: a few milliseconds.
  EXPECT_EQ(idle_spin_setting(environment({{"GOMP_SPINCOUNT", "300000"}})), "");
  EXPECT_EQ(idle_spin_setting(environment({{"GOMP_SPINCOUNT", "lots"}})), "");
}

TEST(IdleSpin, BlockTimesOfASecondOrMoreAreNamedAndShortOnesAreNot) {
  EXPECT_EQ(idle_spin_setting(environment({{"KMP_BLOCKTIME", "infinite"}})),
            "KMP_BLOCKTIME=infinite");
  EXPECT_EQ(idle_spin_setting(environment({{"KMP_BLOCKTIME", "1000"}})), "KMP_BLOCKTIME=1000");
  EXPECT_EQ(idle_spin_setting(environment({{"KMP_BLOCKTIME", "200"}})), "");
  EXPECT_EQ(idle_spin_setting(environment({{"KMP_BLOCKTIME", "1000ms"}})), "");
}

TEST(IdleSpin, TheWaitPolicyIsNamedFirstWhenSeveralAreSet) {
  EXPECT_EQ(idle_spin_setting(environment({{"KMP_BLOCKTIME", "infinite"},
                                           {"OMP_WAIT_POLICY", "active"},
                                           {"GOMP_SPINCOUNT", "infinite"}})),
            "OMP_WAIT_POLICY=active");
}

}  // namespace
}  // namespace lstmbench::run
