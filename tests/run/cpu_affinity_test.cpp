#include "run/cpu_affinity.hpp"

#include <gtest/gtest.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/error.hpp"

namespace lstmbench::run {
namespace {

std::string error_of(void (*probe)()) {
  try {
    probe();
  } catch (const Error& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(CpuList, EmptyMeansNotPinnedAndAListReadsInOrder) {
  EXPECT_TRUE(parse_cpu_list("").empty());
  EXPECT_EQ(parse_cpu_list("2,0"), (std::vector<int>{2, 0}));
}

TEST(CpuList, RefusesWhatIsNotACpuIdNamingTheSetting) {
  const std::string bad = error_of([] { parse_cpu_list("0,one"); });
  EXPECT_NE(bad.find("cpus 0,one"), std::string::npos) << bad;
  EXPECT_NE(bad.find("'one' is not a CPU id"), std::string::npos) << bad;
  EXPECT_NE(error_of([] { parse_cpu_list("1,1"); }).find("CPU 1 is given twice"),
            std::string::npos);
}

TEST(CpuList, ACpuThisProcessMayNotUseIsRefusedByNumber) {
  const std::string absent = error_of([] { check_cpus_usable({100000}, "100000"); });
  EXPECT_NE(absent.find("CPU 100000 is not one this process may run on"), std::string::npos)
      << absent;
  const std::vector<int> usable = usable_cpus();
  ASSERT_FALSE(usable.empty());
  EXPECT_NO_THROW(check_cpus_usable({usable.front()}, std::to_string(usable.front())));
}

TEST(PinToCpus, LeavesTheProcessOnExactlyThoseCpus) {
  // In a forked child: pinning the test process itself would slow every later test.
  const std::vector<int> usable = usable_cpus();
  ASSERT_FALSE(usable.empty());
  const int first = usable.front();
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    try {
      pin_to_cpus({first});
    } catch (...) {
      _exit(3);
    }
    cpu_set_t now;
    CPU_ZERO(&now);
    if (sched_getaffinity(0, sizeof now, &now) != 0) _exit(4);
    _exit(CPU_COUNT(&now) == 1 && CPU_ISSET(first, &now) ? 0 : 5);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "3: refused, 4: unreadable, 5: another CPU set";
}

}  // namespace
}  // namespace lstmbench::run
