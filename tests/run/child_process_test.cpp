#include "run/child_process.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>

namespace lstmbench::run {
namespace {

TEST(RunChild, CollectsTheMessageOnFd3AndTheExitCode) {
  ChildOutcome o =
      run_child({"/bin/sh", "-c", "echo hello >&3; echo log line; exit 4"},
                (std::filesystem::temp_directory_path() / "lstmbench_child.log").string(), 10);
  EXPECT_TRUE(o.started);
  EXPECT_FALSE(o.timed_out);
  EXPECT_EQ(o.exit_code, 4);
  EXPECT_EQ(o.message, "hello\n");
  EXPECT_EQ(o.last_log_line, "log line");
}

TEST(RunChild, ReportsTheSignalThatKilledIt) {
  ChildOutcome o = run_child({"/bin/sh", "-c", "kill -SEGV $$"}, "", 10);
  EXPECT_EQ(o.signal, 11);
  EXPECT_EQ(describe_signal(11), "signal 11 (Segmentation fault)");
}

TEST(RunChild, KillsTheWholeGroupAtTheTimeout) {
  // The grandchild keeps fd 3 open; only killing the process group ends the wait.
  auto start = std::chrono::steady_clock::now();
  ChildOutcome o = run_child({"/bin/sh", "-c", "sleep 30 & sleep 30"}, "", 0.5);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(o.timed_out);
  EXPECT_LT(seconds, 10.0);
}

TEST(SpawnInGroup, AnEnvironmentOverrideReachesTheChildOnly) {
  setenv("LSTMBENCH_TEST_KEPT", "kept", 1);
  setenv("LSTMBENCH_TEST_REPLACED", "runner", 1);
  const std::string log =
      (std::filesystem::temp_directory_path() / "lstmbench_child_environment.log").string();
  std::string error;
  const pid_t pid =
      spawn_in_group({"/bin/sh", "-c",
                      "echo \"$LSTMBENCH_TEST_KEPT $LSTMBENCH_TEST_REPLACED $LSTMBENCH_TEST_NEW\""},
                     log, {}, error, {"LSTMBENCH_TEST_REPLACED=child", "LSTMBENCH_TEST_NEW=added"});
  ASSERT_GT(pid, 0) << error;
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_EQ(last_log_line(log), "kept child added");
  EXPECT_STREQ(getenv("LSTMBENCH_TEST_REPLACED"), "runner");
  EXPECT_EQ(getenv("LSTMBENCH_TEST_NEW"), nullptr);
  unsetenv("LSTMBENCH_TEST_KEPT");
  unsetenv("LSTMBENCH_TEST_REPLACED");
}

TEST(RunChild, AProgramThatDoesNotExistDoesNotStart) {
  ChildOutcome o = run_child({"/nonexistent/program"}, "", 5);
  EXPECT_FALSE(o.started);
  EXPECT_NE(o.start_error.find("/nonexistent/program"), std::string::npos);
}

}  // namespace
}  // namespace lstmbench::run
