#include "run/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <fstream>

extern char** environ;

namespace lstmbench::run {

namespace {

volatile std::sig_atomic_t g_interrupt_signal = 0;

extern "C" void record_interrupt(int signal) { g_interrupt_signal = signal; }

}  // namespace

void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = record_interrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  // A closed terminal (SIGHUP) stops a run the same way: finished cases kept, report written.
  sigaction(SIGHUP, &action, nullptr);
  // A case process that died leaves its command pipe without a reader: writing to it must be
  // an error to handle, not a signal that kills the runner.
  signal(SIGPIPE, SIG_IGN);
}

int interrupt_signal() { return g_interrupt_signal; }

void die_with_parent() {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() == 1) _exit(1);  // the parent was already gone before prctl took effect
}

std::string last_log_line(const std::string& path) {
  std::ifstream in(path);
  std::string line, last;
  while (std::getline(in, line))
    if (line.find_first_not_of(" \t\r") != std::string::npos) last = line;
  return last;
}

bool write_all_to(int fd, const std::string& text) {
  std::size_t written = 0;
  while (written < text.size()) {
    ssize_t n = write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    written += static_cast<std::size_t>(n);
  }
  return true;
}

bool send_message(int fd, const std::string& text) {
  fcntl(fd, F_SETFD, FD_CLOEXEC);
  return write_all_to(fd, text) && close(fd) == 0;
}

std::string describe_signal(int signal) {
  const char* name = strsignal(signal);
  return "signal " + std::to_string(signal) + " (" + (name ? name : "unknown") + ")";
}

namespace {

// This process's environment with the "NAME=VALUE" overrides in place of (or besides) its own.
std::vector<std::string> environment_with(const std::vector<std::string>& overrides) {
  auto name_of = [](const std::string& entry) { return entry.substr(0, entry.find('=')); };
  std::vector<std::string> entries;
  for (char** entry = environ; entry && *entry; ++entry) {
    const std::string text = *entry;
    const bool replaced = std::any_of(overrides.begin(), overrides.end(),
                                      [&](const auto& o) { return name_of(o) == name_of(text); });
    if (!replaced) entries.push_back(text);
  }
  entries.insert(entries.end(), overrides.begin(), overrides.end());
  return entries;
}

}  // namespace

pid_t spawn_in_group(const std::vector<std::string>& argv, const std::string& log_path,
                     const std::vector<std::pair<int, int>>& descriptors, std::string& error,
                     const std::vector<std::string>& environment) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const char* log = log_path.empty() ? "/dev/null" : log_path.c_str();
  posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  // dup2 clears O_CLOEXEC on the copies: the child keeps exactly these descriptors.
  for (const auto& [from, to] : descriptors) posix_spawn_file_actions_adddup2(&actions, from, to);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  // Own process group: a timeout kills the case and anything it started (external peers).
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const std::vector<std::string> variables = environment_with(environment);
  std::vector<char*> envp;
  for (const std::string& v : variables) envp.push_back(const_cast<char*>(v.c_str()));
  envp.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, args[0], &actions, &attributes, args.data(),
                       environment.empty() ? environ : envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (rc != 0) {
    error = "cannot start " + argv[0] + ": " + strerror(rc);
    return -1;
  }
  return pid;
}

ChildOutcome run_child(const std::vector<std::string>& argv, const std::string& log_path,
                       double timeout_s) {
  ChildOutcome outcome;
  int channel[2];
  if (pipe2(channel, O_CLOEXEC) != 0) {
    outcome.start_error = std::string("pipe: ") + strerror(errno);
    return outcome;
  }
  std::string error;
  pid_t pid = spawn_in_group(argv, log_path, {{channel[1], 3}}, error);
  close(channel[1]);
  if (pid < 0) {
    close(channel[0]);
    outcome.start_error = error;
    return outcome;
  }
  outcome.started = true;

  // A limit beyond ~30 years would overflow the clock's arithmetic: it means "no limit" anyway.
  const double limit_s = std::min(timeout_s, 1e9);
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                      std::chrono::duration<double>(limit_s));
  char buffer[65536];
  for (;;) {
    if (g_interrupt_signal != 0) {
      outcome.interrupted = true;
      kill(-pid, SIGKILL);
      break;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      outcome.timed_out = true;
      kill(-pid, SIGKILL);
      break;
    }
    pollfd fd{channel[0], POLLIN, 0};
    int ready = poll(&fd, 1, static_cast<int>(std::min<long long>(left.count(), 1000)));
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    ssize_t n = read(channel[0], buffer, sizeof buffer);
    if (n > 0) {
      outcome.message.append(buffer, static_cast<std::size_t>(n));
      continue;
    }
    if (n == 0 || errno != EINTR) break;  // EOF: the child (and its group) closed the channel
  }
  close(channel[0]);

  if (!outcome.timed_out && !outcome.interrupted) {
    // The channel closed; give the child the rest of its time to exit. WNOWAIT leaves it a
    // zombie, which keeps its pid (the group's id) from being reused until the group is killed.
    siginfo_t info{};
    while (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
           info.si_pid == 0) {
      if (std::chrono::steady_clock::now() >= deadline) {
        outcome.timed_out = true;
        break;
      }
      usleep(2000);
    }
  }
  kill(-pid, SIGKILL);  // the case's leftovers (a peer it failed to stop), or the case itself
  int status = 0;
  waitpid(pid, &status, 0);
  if (!outcome.timed_out && !outcome.interrupted) {
    if (WIFEXITED(status)) outcome.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) outcome.signal = WTERMSIG(status);
  }
  if (!log_path.empty()) outcome.last_log_line = last_log_line(log_path);
  return outcome;
}

}  // namespace lstmbench::run
