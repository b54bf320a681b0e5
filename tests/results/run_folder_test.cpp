#include "results/run_folder.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <thread>

#include "results/result_json.hpp"

namespace lstmbench::results {
namespace {

namespace fs = std::filesystem;

CaseResult result_with(const std::string& id, int index, const std::string& reason) {
  CaseResult r;
  r.spec.id = id;
  r.spec.index = index;
  r.status = Status::ok;
  r.reason = reason;
  r.epoch_ms = {1.0, 2.0};
  return r;
}

class RunFolderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("lstmbench_run_folder_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string text_of(const fs::path& path) {
    std::ifstream in(path);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  fs::path dir_;
};

TEST_F(RunFolderTest, AppendsOneLinePerCaseAndReadsThemBack) {
  {
    RunFolder folder(dir_.string(), RunFolder::Mode::kFresh);
    folder.append(result_with("a", 0, "first"));
    folder.append(result_with("b", 1, "second"));
    EXPECT_EQ(fs::path(folder.logs_dir()), dir_ / "logs");
  }
  std::vector<CaseResult> back = read_results((dir_ / "results.jsonl").string());
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].reason, "first");
  EXPECT_EQ(back[1].spec.id, "b");
}

TEST_F(RunFolderTest, LinesAppendedFromSeveralThreadsStayWhole) {
  // run --devices appends from one thread per device.
  constexpr int kThreads = 4, kEach = 25;
  {
    RunFolder folder(dir_.string(), RunFolder::Mode::kFresh);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&, t] {
        for (int i = 0; i < kEach; ++i)
          // Long lines: a write that is not one piece would show as a broken line.
          folder.append(result_with(std::to_string(t) + "-" + std::to_string(i), t * kEach + i,
                                    std::string(20000, static_cast<char>('a' + t))));
      });
    for (std::thread& thread : threads) thread.join();
  }
  std::vector<CaseResult> back = read_results((dir_ / "results.jsonl").string());
  ASSERT_EQ(back.size(), static_cast<std::size_t>(kThreads * kEach));
  std::set<std::string> ids;
  for (const CaseResult& r : back) {
    ids.insert(r.spec.id);
    EXPECT_EQ(r.reason, std::string(20000, r.spec.id[0] - '0' + 'a'));
  }
  EXPECT_EQ(ids.size(), back.size());
}

TEST_F(RunFolderTest, FreshEmptiesAndResumeKeepsWithTheLaterLineWinning) {
  {
    RunFolder folder(dir_.string(), RunFolder::Mode::kFresh);
    folder.append(result_with("a", 0, "old"));
    folder.append(result_with("a", 0, "new"));
  }
  {
    RunFolder resumed(dir_.string(), RunFolder::Mode::kResume);
    ASSERT_EQ(resumed.previous().size(), 1u);
    EXPECT_EQ(resumed.previous()[0].reason, "new");
  }
  RunFolder fresh(dir_.string(), RunFolder::Mode::kFresh);
  EXPECT_TRUE(fresh.previous().empty());
  // Nothing measured yet: the earlier results stay until this run's first result replaces them.
  EXPECT_EQ(read_results((dir_ / "results.jsonl").string()).size(), 2u);
  fresh.append(result_with("b", 1, "this run"));
  std::vector<CaseResult> now = read_results((dir_ / "results.jsonl").string());
  ASSERT_EQ(now.size(), 1u);
  EXPECT_EQ(now[0].reason, "this run");
}

TEST_F(RunFolderTest, ResumeCutsOffATornLastLineSoTheNextResultStartsItsOwnLine) {
  fs::create_directories(dir_);
  std::string line = result_to_json(result_with("a", 0, "kept")).dump();
  std::ofstream(dir_ / "results.jsonl") << line << "\n{\"spec\":{\"id\":";
  {
    RunFolder folder(dir_.string(), RunFolder::Mode::kResume);
    EXPECT_EQ(folder.previous().size(), 1u);
    folder.append(result_with("b", 1, "added"));
  }
  EXPECT_EQ(read_results((dir_ / "results.jsonl").string()).size(), 2u);
}

TEST_F(RunFolderTest, ASecondWriterIsRefusedNamingTheHoldersPid) {
  RunFolder first(dir_.string(), RunFolder::Mode::kFresh);
  // flock locks belong to the open file description: a second open in this process conflicts
  // just as another process would.
  try {
    RunFolder second(dir_.string(), RunFolder::Mode::kResume);
    FAIL() << "second writer accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("pid " + std::to_string(::getpid())), std::string::npos)
        << e.what();
  }
  first.append(result_with("a", 0, "still writable"));
  EXPECT_EQ(read_results(first.results_path()).size(), 1u);
}

TEST_F(RunFolderTest, TheLockGoesWithTheProcessThatHeldIt) {
  pid_t child = fork();
  if (child == 0) {
    RunFolder folder(dir_.string(), RunFolder::Mode::kFresh);
    _exit(0);  // no destructor: only the process's end releases the lock
  }
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_NO_THROW(RunFolder(dir_.string(), RunFolder::Mode::kResume));
}

TEST_F(RunFolderTest, AFullDiskIsAWriteErrorNamingTheFileAndTheReason) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full on this system";
  fs::create_directories(dir_);
  fs::create_symlink("/dev/full", dir_ / "results.jsonl");
  RunFolder folder(dir_.string(), RunFolder::Mode::kFresh);
  try {
    folder.append(result_with("a", 0, "lost?"));
    FAIL() << "a write to a full disk succeeded";
  } catch (const WriteError& e) {
    EXPECT_NE(e.location().find("results.jsonl"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("disk is full"), std::string::npos) << e.what();
  }
}

TEST_F(RunFolderTest, AtomicWritesReplaceWholeFilesAndLeaveNoPartialBehind) {
  fs::create_directories(dir_);
  const std::string path = (dir_ / "report.md").string();
  write_file_atomically(path, "one\n");
  write_file_atomically(path, "two\n");
  EXPECT_EQ(text_of(path), "two\n");
  EXPECT_FALSE(fs::exists(path + ".partial"));
}

TEST_F(RunFolderTest, EnvironmentIsWrittenAndReadBackBesideTheResults) {
  RunFolder folder(dir_.string(), RunFolder::Mode::kFresh);
  folder.write_environment({{"cpu", "test cpu"}});
  EXPECT_EQ(read_environment_beside(folder.results_path()).value("cpu", ""), "test cpu");
  std::ofstream(dir_ / "environment.json") << "{not json";
  EXPECT_TRUE(read_environment_beside(folder.results_path()).empty());
}

TEST(ReadResults, SkipsATornLastLineButNotATornMiddleLine) {
  auto path = fs::temp_directory_path() / "lstmbench_read_results.jsonl";
  std::string line = result_to_json(result_with("a", 0, "")).dump();
  std::ofstream(path) << line << "\n" << line << "\n{\"spec\":";
  EXPECT_EQ(read_results(path.string()).size(), 2u);
  std::ofstream(path) << line << "\n{\"spec\":\n" << line << "\n";
  try {
    read_results(path.string());
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(e.location().find(":2"), std::string::npos) << e.what();
  }
  fs::remove(path);
}

TEST(ResolveResultsFile, AcceptsAFolderOrAFileAndNamesWhatIsMissing) {
  auto dir = fs::temp_directory_path() / ("lstmbench_resolve_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  EXPECT_THROW(resolve_results_file(dir.string()), Error);
  std::ofstream(dir / "results.jsonl") << "";
  EXPECT_EQ(resolve_results_file(dir.string()), (dir / "results.jsonl").string());
  EXPECT_EQ(resolve_results_file((dir / "results.jsonl").string()),
            (dir / "results.jsonl").string());
  EXPECT_THROW(resolve_results_file((dir / "nothing.jsonl").string()), Error);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace lstmbench::results
