// tools/slurm: the scripts parse (bash -n), and run against stand-ins for sbatch and lstmbench
// that record their arguments, they hand lstmbench and Slurm what docs/running-in-ci.md says.
#include <gtest/gtest.h>

#include "shell_run.hpp"

namespace lstmbench::testing {
namespace {

const fs::path kSlurm = kSourceDir / "tools" / "slurm";

// A stand-in program that appends its arguments, one per line, then a blank line, to LOG.
std::string recorder(const fs::path& log, const std::string& then = "") {
  return "#!/bin/sh\nprintf '%s\\n' \"$@\" >>'" + log.string() + "'\necho >>'" + log.string() +
         "'\n" + then;
}

TEST(SlurmScripts, ParseWithBashN) {
  int scripts = 0;
  for (const auto& entry : fs::directory_iterator(kSlurm)) {
    const std::string ext = entry.path().extension().string();
    if (ext != ".sh" && ext != ".sbatch") continue;
    ++scripts;
    const CommandOutcome check = run_shell(kSlurm, "bash -n '" + entry.path().string() + "'");
    EXPECT_EQ(check.exit_code, 0) << entry.path() << ":\n" << check.output();
  }
  EXPECT_EQ(scripts, 3) << "shard.sbatch, merge.sbatch and submit.sh";
}

class SlurmRun : public ShellTest {};

TEST_F(SlurmRun, ArrayTaskRunsItsShardIntoItsOwnFolder) {
  const fs::path fake = write_script("bin/lstmbench", recorder(dir_ / "lstmbench.args"));
  const CommandOutcome task =
      run_shell(dir_,
                "SLURM_ARRAY_TASK_ID=2 SLURM_ARRAY_TASK_COUNT=3 SLURM_ARRAY_TASK_MIN=1 "
                "SLURM_ARRAY_TASK_MAX=3 LSTMBENCH='" +
                    fake.string() + "' bash '" + (kSlurm / "shard.sbatch").string() +
                    "' suites/gpu-variants.toml --fail-on-skip");
  ASSERT_EQ(task.exit_code, 0) << task.output();
  EXPECT_EQ(read_file(dir_ / "lstmbench.args"),
            "run\nsuites/gpu-variants.toml\n--shard\n2/3\n--out\nruns/shard-2\n--resume\n"
            "--fail-on-skip\n\n");
}

TEST_F(SlurmRun, ArrayThatDoesNotStartAtOneIsRefused) {
  const fs::path fake = write_script("bin/lstmbench", recorder(dir_ / "lstmbench.args"));
  const CommandOutcome task =
      run_shell(dir_,
                "SLURM_ARRAY_TASK_ID=0 SLURM_ARRAY_TASK_COUNT=3 SLURM_ARRAY_TASK_MIN=0 "
                "SLURM_ARRAY_TASK_MAX=2 LSTMBENCH='" +
                    fake.string() + "' bash '" + (kSlurm / "shard.sbatch").string() + "' s.toml");
  EXPECT_EQ(task.exit_code, 2);
  EXPECT_NE(task.output().find("the array must be 1-N"), std::string::npos) << task.output();
  EXPECT_FALSE(fs::exists(dir_ / "lstmbench.args")) << "nothing should have run";
}

TEST_F(SlurmRun, MergeCombinesEveryShardFolder) {
  const fs::path fake = write_script("bin/lstmbench", recorder(dir_ / "lstmbench.args"));
  fs::create_directories(dir_ / "runs" / "shard-1");
  fs::create_directories(dir_ / "runs" / "shard-2");
  const CommandOutcome merge = run_shell(
      dir_, "LSTMBENCH='" + fake.string() + "' bash '" + (kSlurm / "merge.sbatch").string() + "'");
  ASSERT_EQ(merge.exit_code, 0) << merge.output();
  EXPECT_EQ(read_file(dir_ / "lstmbench.args"),
            "merge\nruns/merged\nruns/shard-1/\nruns/shard-2/\n\n");
}

TEST_F(SlurmRun, SubmitQueuesTheArrayThenAMergeAfterIt) {
  // The stand-in sbatch answers --parsable with a job id: 41 for the array, 42 for the merge.
  write_script("bin/sbatch", recorder(dir_ / "sbatch.args", "n=$(grep -c '^$' '" +
                                                                (dir_ / "sbatch.args").string() +
                                                                "')\necho $((40 + n))\n"));
  const CommandOutcome submit =
      run_shell(dir_, "PATH='" + (dir_ / "bin").string() + "':$PATH bash '" +
                          (kSlurm / "submit.sh").string() +
                          "' suites/gpu-variants.toml 4 --partition=gpu -- --fail-on-skip");
  ASSERT_EQ(submit.exit_code, 0) << submit.output();
  const std::string calls = read_file(dir_ / "sbatch.args");
  const std::string array = calls.substr(0, calls.find("\n\n"));
  const std::string merge = calls.substr(calls.find("\n\n") + 2);
  EXPECT_EQ(array, "--parsable\n--array=1-4\n--output=runs/slurm-%A_%a.log\n--partition=gpu\n" +
                       (kSlurm / "shard.sbatch").string() +
                       "\nsuites/gpu-variants.toml\n--fail-on-skip");
  EXPECT_EQ(merge, "--parsable\n--dependency=afterok:41\n--output=runs/slurm-%j-merge.log\n" +
                       (kSlurm / "merge.sbatch").string() + "\n\n");
  EXPECT_TRUE(fs::is_directory(dir_ / "runs")) << "Slurm needs the log folder to exist";
  EXPECT_NE(submit.output().find("merge:  job 42"), std::string::npos) << submit.output();
}

}  // namespace
}  // namespace lstmbench::testing
