// The run folder: where one run keeps its results. It owns the folder's lock (one writer at a
// time), results.jsonl (one finished case per line, appended, flushed and fsync'ed as the case
// finishes), the per-case logs and environment.json. Readers (report, compare, merge) use the
// free functions below and never take the lock.
#pragma once

#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "results/case_result.hpp"

namespace lstmbench::results {

// A write that did not reach the disk: the file and the system's reason ("No space left on
// device"). The runner stops on it with exit 2 and prints what it could not write.
class WriteError : public Error {
 public:
  using Error::Error;
};

class RunFolder {
 public:
  enum class Mode { kFresh, kResume };

  // Creates dir, takes its lock and opens results.jsonl: kFresh empties it when the first
  // result is appended (a run that measures nothing leaves it as it was); kResume keeps it (a
  // torn last line from a killed run is cut off first).
  // THROWS: Error naming the folder and the PID of the run holding it; WriteError when the
  // folder or results.jsonl cannot be written.
  RunFolder(std::string dir, Mode mode);
  ~RunFolder();
  RunFolder(const RunFolder&) = delete;
  RunFolder& operator=(const RunFolder&) = delete;

  const std::string& dir() const { return dir_; }
  std::string results_path() const;
  std::string logs_dir() const;  // dir/logs: created by whoever writes the first log

  // The results results.jsonl held when the folder was opened with kResume, one per case id
  // (the later line wins); empty for kFresh.
  const std::vector<CaseResult>& previous() const { return previous_; }

  // Appends one result line and waits until it is on disk (fsync). Safe to call from several
  // threads (run --devices): each line is written whole, never interleaved with another.
  // THROWS WriteError.
  void append(const CaseResult& result);

  // environment.json, written atomically. THROWS WriteError.
  void write_environment(const nlohmann::json& environment) const;

 private:
  std::string dir_;
  int lock_fd_ = -1;
  int results_fd_ = -1;
  bool truncate_at_first_append_ = false;
  std::mutex append_mutex_;  // one line at a time: a short write continues where it stopped
  std::vector<CaseResult> previous_;
};

// RETURNS: path for a file, path/results.jsonl for a folder.
// THROWS: Error when that file does not exist.
std::string resolve_results_file(const std::string& path);

// Reads every line of a results.jsonl file. A last line without its newline was cut short by a
// killed run and is skipped; any other line that is not a result throws Error naming file:line.
std::vector<CaseResult> read_results(const std::string& path);

// RETURNS: the environment.json beside a results file, or an empty object when it is missing
// or unreadable (a report can be rebuilt without it).
nlohmann::json read_environment_beside(const std::string& results_path);

// Writes text to path through a temporary file and a rename, so a crash never leaves a
// truncated file where a complete one was. THROWS WriteError.
void write_file_atomically(const std::string& path, const std::string& text);

}  // namespace lstmbench::results
