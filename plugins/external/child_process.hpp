// A program run as a child with pipes on its stdin, stdout and stderr, read and written with
// deadlines so that a program that hangs or dies can never hang the plugin.
//
// stdout carries the protocol's lines; stderr is passed through to the plugin's own stderr
// (the runner keeps it with the case) while its last line is remembered for error messages.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace lstmbench::external {

using Clock = std::chrono::steady_clock;

class ChildProcess {
 public:
  // Starts argv[0] (searched in PATH when it has no '/', else relative to the current
  // directory) with argv. Throws std::runtime_error naming the program if it cannot start.
  explicit ChildProcess(const std::vector<std::string>& argv);
  ~ChildProcess();  // kills the program if it is still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  enum class Io { kDone, kClosed, kTimeout };

  // Reads one line (without its '\n') from the program's stdout.
  // RETURNS: kDone with line set; kClosed when stdout ended first; kTimeout at deadline.
  Io read_line(std::string& line, Clock::time_point deadline);
  // Writes all of data to the program's stdin. RETURNS: kClosed if the program closed its
  // stdin (it exited), kTimeout if it stopped reading until deadline.
  Io write_all(std::string_view data, Clock::time_point deadline);

  // Closes stdin, waits up to grace for the program to exit, then kills it (SIGKILL) and
  // reaps it. Safe to call more than once.
  void stop(std::chrono::milliseconds grace);
  // Kills the program now (SIGKILL) and reaps it.
  void kill_now();

  // RETURNS: "exited with code 3", "was killed by signal 9 (Killed)" or "is still running".
  std::string exit_description();
  // RETURNS: the last non-empty line the program wrote to stderr (at most 300 characters).
  const std::string& last_stderr_line() const { return last_stderr_line_; }
  // Reads what is left on stderr until it closes or until deadline (after stdout closed, so
  // that the last line of a traceback is in last_stderr_line()).
  void drain_stderr(Clock::time_point deadline);

 private:
  void forward_stderr();  // reads what is available on stderr without blocking
  bool reap(bool block);  // RETURNS: true once the program has exited and was reaped
  void close_fd(int& fd);

  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  int stderr_fd_ = -1;
  bool reaped_ = false;
  int wait_status_ = 0;
  std::string stdout_buffer_;
  std::string stderr_buffer_;
  std::string last_stderr_line_;
};

}  // namespace lstmbench::external
