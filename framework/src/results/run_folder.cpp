#include "results/run_folder.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "common/json_text.hpp"
#include "results/merge.hpp"
#include "results/result_json.hpp"

namespace lstmbench::results {

namespace fs = std::filesystem;

namespace {

std::string system_reason(int error) {
  if (error == ENOSPC) return std::string(std::strerror(error)) + " (the disk is full)";
  return std::strerror(error);
}

// Writes all of text to fd, retrying short writes. THROWS WriteError naming path.
void write_all(int fd, const std::string& text, const std::string& path) {
  std::size_t written = 0;
  while (written < text.size()) {
    ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw WriteError(path, "write failed: " + system_reason(n < 0 ? errno : EIO));
    written += static_cast<std::size_t>(n);
  }
}

void sync_or_throw(int fd, const std::string& path) {
  // EINVAL: the file does not support syncing (a pipe or /dev/null given as the folder's file).
  if (::fsync(fd) != 0 && errno != EINVAL && errno != EROFS)
    throw WriteError(path, "fsync failed: " + system_reason(errno));
}

// A run killed mid-write leaves a last line without its newline: cut it off, so the next
// result starts a line of its own.
void drop_partial_last_line(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.empty() || text.back() == '\n') return;
  std::size_t keep = text.rfind('\n');
  std::error_code error;
  fs::resize_file(path, keep == std::string::npos ? 0 : keep + 1, error);
  if (error) throw WriteError(path, "cannot cut off the torn last line: " + error.message());
}

// Takes an exclusive lock on dir/.lock and writes this process's id into it; the lock goes with
// the process, so a killed run never leaves the folder locked.
int lock_folder(const std::string& dir) {
  const std::string path = (fs::path(dir) / ".lock").string();
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    throw WriteError(path, "cannot create the run folder's lock: " + system_reason(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    char holder[32] = {};
    ssize_t n = ::pread(fd, holder, sizeof holder - 1, 0);
    ::close(fd);
    std::string pid = n > 0 ? std::string(holder, static_cast<std::size_t>(n)) : "unknown";
    while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
    throw Error(dir, "another lstmbench run (pid " + pid +
                         ") is writing to this folder; wait for it to finish or choose another "
                         "--out");
  }
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0) ::pwrite(fd, pid.data(), pid.size(), 0);
  return fd;
}

}  // namespace

RunFolder::RunFolder(std::string dir, Mode mode) : dir_(std::move(dir)) {
  std::error_code error;
  fs::create_directories(dir_, error);
  if (error) throw WriteError(dir_, "cannot create the run folder: " + error.message());
  lock_fd_ = lock_folder(dir_);
  const std::string path = results_path();
  try {
    if (mode == Mode::kResume && fs::exists(path)) {
      drop_partial_last_line(path);
      previous_ = latest_per_case(read_results(path));
    }
    // A fresh run empties the file at its first result, so a run that stops before measuring
    // anything (bad data, exit 2) leaves the folder's earlier results as they were.
    truncate_at_first_append_ = mode == Mode::kFresh;
    int flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC;
    results_fd_ = ::open(path.c_str(), flags, 0644);
    if (results_fd_ < 0) throw WriteError(path, "cannot open for writing: " + system_reason(errno));
  } catch (...) {
    ::close(lock_fd_);
    throw;
  }
}

RunFolder::~RunFolder() {
  if (results_fd_ >= 0) ::close(results_fd_);
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the lock
}

std::string RunFolder::results_path() const { return (fs::path(dir_) / "results.jsonl").string(); }

std::string RunFolder::logs_dir() const { return (fs::path(dir_) / "logs").string(); }

void RunFolder::append(const CaseResult& result) {
  const std::string path = results_path();
  const std::string line = json_text(result_to_json(result)) + "\n";
  const std::lock_guard<std::mutex> hold(append_mutex_);
  if (truncate_at_first_append_) {
    struct stat st {};
    // Only a regular file has earlier results to drop (not a pipe or device given as the file).
    if (::fstat(results_fd_, &st) == 0 && S_ISREG(st.st_mode) && ::ftruncate(results_fd_, 0) != 0)
      throw WriteError(path, "cannot empty the file for this run: " + system_reason(errno));
    truncate_at_first_append_ = false;
  }
  write_all(results_fd_, line, path);
  sync_or_throw(results_fd_, path);
}

void RunFolder::write_environment(const nlohmann::json& environment) const {
  write_file_atomically((fs::path(dir_) / "environment.json").string(),
                        json_text(environment, 2) + "\n");
}

std::string resolve_results_file(const std::string& path) {
  const fs::path file = fs::is_directory(path) ? fs::path(path) / "results.jsonl" : fs::path(path);
  if (!fs::is_regular_file(file)) {
    throw Error(path, fs::is_directory(path) ? "run folder has no results.jsonl"
                                             : "no such results file (give a results.jsonl or a "
                                               "run folder holding one)");
  }
  return file.string();
}

std::vector<CaseResult> read_results(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(path, "cannot open results file");
  std::vector<CaseResult> results;
  std::string line;
  int line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty()) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) {
      // A last line without its newline was cut short by a killed run: nothing lost above.
      if (in.eof()) break;
      throw Error(path + ":" + std::to_string(line_number), "not a JSON line");
    }
    try {
      results.push_back(result_from_json(j));
    } catch (const nlohmann::json::exception& e) {
      throw Error(path + ":" + std::to_string(line_number),
                  std::string("not a case result: ") + e.what());
    } catch (const Error& e) {
      throw Error(path + ":" + std::to_string(line_number), "not a case result: " + e.message());
    }
  }
  return results;
}

nlohmann::json read_environment_beside(const std::string& results_path) {
  std::ifstream in(fs::path(results_path).parent_path() / "environment.json");
  if (!in) return nlohmann::json::object();
  nlohmann::json environment = nlohmann::json::parse(in, nullptr, false);
  return environment.is_discarded() || !environment.is_object() ? nlohmann::json::object()
                                                                : environment;
}

void write_file_atomically(const std::string& path, const std::string& text) {
  const std::string partial = path + ".partial";
  int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw WriteError(partial, "cannot open for writing: " + system_reason(errno));
  try {
    write_all(fd, text, partial);
    sync_or_throw(fd, partial);
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  std::error_code error;
  fs::rename(partial, path, error);
  if (error) throw WriteError(path, "cannot replace the file: " + error.message());
}

}  // namespace lstmbench::results
