// Runs a command in a child process (posix_spawn: the child execs at once, so nothing of the
// parent — threads, locks, a CUDA context — leaks into it), in its own process group, with
// stdout and stderr going to a log file, a message channel on file descriptor 3, and a
// wall-clock limit after which the whole group is killed.
#pragma once

#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

namespace lstmbench::run {

struct ChildOutcome {
  bool started = false;
  std::string start_error;  // why it did not start
  bool timed_out = false;
  bool interrupted = false;   // SIGINT/SIGTERM reached this process: the child was killed
  int exit_code = -1;         // when it exited
  int signal = 0;             // when a signal ended it
  std::string message;        // everything it wrote on fd 3
  std::string last_log_line;  // last non-empty line of its log: the error people want to see
};

// Starts argv[0] (an executable path) in a process group of its own, stdin /dev/null, stdout
// and stderr to log_path (empty: discarded), with each (from, to) pair of descriptors given to
// it as `to`, and this process's environment with each "NAME=VALUE" of `environment` replacing
// or adding that variable (in the child only: this process's own stays as it is).
// RETURNS: the pid, or -1 with `error` saying why it did not start.
pid_t spawn_in_group(const std::vector<std::string>& argv, const std::string& log_path,
                     const std::vector<std::pair<int, int>>& descriptors, std::string& error,
                     const std::vector<std::string>& environment = {});

// REQUIRES: argv[0] is an executable path. log_path may be empty (output discarded).
ChildOutcome run_child(const std::vector<std::string>& argv, const std::string& log_path,
                       double timeout_s);

// Makes SIGINT and SIGTERM stop the run instead of killing this process: run_child then kills
// its child's process group and returns interrupted, so nothing keeps running and every case
// that finished is kept (--resume continues from there).
void install_interrupt_handlers();
// RETURNS: the signal that asked the run to stop, or 0.
int interrupt_signal();

// The child side. die_with_parent: a child killed with its runner (a CI job cancelled with
// SIGKILL) must not go on holding a GPU. send_message: writes the whole text to the channel and
// closes it (programs the child starts never inherit it). RETURNS false if the write failed.
void die_with_parent();
bool send_message(int fd, const std::string& text);
// Writes all of text to fd, retrying short writes. RETURNS false if a write failed.
bool write_all_to(int fd, const std::string& text);

// RETURNS: the last non-empty line of a log file ("" if none): the error people want to see.
std::string last_log_line(const std::string& path);

// RETURNS: "signal 11 (Segmentation fault)".
std::string describe_signal(int signal);

}  // namespace lstmbench::run
