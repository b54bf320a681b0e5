#include "child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace lstmbench::external {
namespace {

constexpr std::size_t kMaxStderrLine = 300;

int ms_until(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::clamp<long long>(left.count(), 0, 1000 * 1000));
}

// Writes without risking SIGPIPE: the host may not ignore it, and a program that died must
// become an error message, not the death of the runner. Blocks SIGPIPE for this thread, and
// if the write raised one, consumes it before unblocking (the classic pattern from APUE).
ssize_t write_no_sigpipe(int fd, const char* data, std::size_t size) {
  sigset_t pipe_set, old_set;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_set, &old_set);
  sigset_t pending;
  sigpending(&pending);
  bool was_pending = sigismember(&pending, SIGPIPE);
  ssize_t n = ::write(fd, data, size);
  int saved_errno = errno;
  if (n < 0 && saved_errno == EPIPE && !was_pending) {
    timespec zero{0, 0};
    sigtimedwait(&pipe_set, nullptr, &zero);
  }
  pthread_sigmask(SIG_SETMASK, &old_set, nullptr);
  errno = saved_errno;
  return n;
}

void set_nonblocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

// RETURNS: the executable a command name runs: itself when it holds a '/', else the first
// executable file of that name in PATH; empty when there is none.
std::string resolve_program(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* path = std::getenv("PATH");
  std::string folders = path ? path : "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= folders.size()) {
    std::size_t end = folders.find(':', start);
    if (end == std::string::npos) end = folders.size();
    const std::string folder = end > start ? folders.substr(start, end - start) : ".";
    const std::string candidate = folder + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return "";
}

}  // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& argv) {
  if (argv.empty()) throw std::runtime_error("empty command");
  int in[2], out[2], err[2];
  // O_CLOEXEC on every end: the child keeps only what dup2 gives it as 0, 1 and 2, and other
  // children of this process never inherit these pipes (which would hide the end of file).
  if (pipe2(in, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + strerror(errno));
  if (pipe2(out, O_CLOEXEC) != 0) {
    ::close(in[0]), ::close(in[1]);
    throw std::runtime_error(std::string("pipe: ") + strerror(errno));
  }
  if (pipe2(err, O_CLOEXEC) != 0) {
    ::close(in[0]), ::close(in[1]), ::close(out[0]), ::close(out[1]);
    throw std::runtime_error(std::string("pipe: ") + strerror(errno));
  }
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  // Resolved here, before fork: the child may only make async-signal-safe calls. A name without
  // '/' is searched in PATH, like a shell does.
  const std::string program = resolve_program(argv[0]);
  if (program.empty() || ::access(program.c_str(), X_OK) != 0) {
    const int why = program.empty() ? ENOENT : errno;
    ::close(in[0]), ::close(in[1]), ::close(out[0]), ::close(out[1]), ::close(err[0]),
        ::close(err[1]);
    throw std::runtime_error("cannot start " + argv[0] + ": " + strerror(why));
  }
  // fork + exec rather than posix_spawn: the peer must die with this process even when this
  // process is killed with SIGKILL (a cancelled CI job), which only PR_SET_PDEATHSIG, set in the
  // child before exec, guarantees.
  const pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the parent died before prctl took effect
    ::dup2(in[0], STDIN_FILENO);
    ::dup2(out[1], STDOUT_FILENO);
    ::dup2(err[1], STDERR_FILENO);
    // Default SIGPIPE handling and an empty signal mask, whatever the host set up for itself.
    ::signal(SIGPIPE, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execve(program.c_str(), args.data(), environ);
    ::_exit(127);
  }
  const int fork_errno = errno;
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  if (pid_ < 0) {
    ::close(in[1]), ::close(out[0]), ::close(err[0]);
    pid_ = -1;
    throw std::runtime_error("cannot start " + argv[0] + ": " + strerror(fork_errno));
  }
  stdin_fd_ = in[1];
  stdout_fd_ = out[0];
  stderr_fd_ = err[0];
  set_nonblocking(stdin_fd_);
  set_nonblocking(stdout_fd_);
  set_nonblocking(stderr_fd_);
}

ChildProcess::~ChildProcess() {
  kill_now();
  close_fd(stdin_fd_);
  close_fd(stdout_fd_);
  close_fd(stderr_fd_);
}

void ChildProcess::close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

void ChildProcess::forward_stderr() {
  char chunk[4096];
  while (stderr_fd_ >= 0) {
    ssize_t n = ::read(stderr_fd_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;  // EAGAIN: nothing more for now
    if (n == 0) {
      close_fd(stderr_fd_);
      break;
    }
    // Pass it through as it comes: the runner keeps the plugin's stderr per case.
    std::size_t written = 0;
    while (written < static_cast<std::size_t>(n)) {
      ssize_t w = ::write(STDERR_FILENO, chunk + written, n - written);
      if (w <= 0) break;
      written += static_cast<std::size_t>(w);
    }
    stderr_buffer_.append(chunk, static_cast<std::size_t>(n));
    std::size_t newline;
    while ((newline = stderr_buffer_.find('\n')) != std::string::npos) {
      std::string line = stderr_buffer_.substr(0, newline);
      stderr_buffer_.erase(0, newline + 1);
      if (line.find_first_not_of(" \t\r") != std::string::npos)
        last_stderr_line_ = line.substr(0, kMaxStderrLine);
    }
    if (stderr_buffer_.size() > 64 * 1024) stderr_buffer_.erase(0, stderr_buffer_.size() - 4096);
  }
  if (stderr_fd_ < 0 && stderr_buffer_.find_first_not_of(" \t\r") != std::string::npos) {
    last_stderr_line_ = stderr_buffer_.substr(0, kMaxStderrLine);  // a last line without '\n'
    stderr_buffer_.clear();
  }
}

ChildProcess::Io ChildProcess::read_line(std::string& line, Clock::time_point deadline) {
  for (;;) {
    std::size_t newline = stdout_buffer_.find('\n');
    if (newline != std::string::npos) {
      line = stdout_buffer_.substr(0, newline);
      stdout_buffer_.erase(0, newline + 1);
      return Io::kDone;
    }
    if (stdout_fd_ < 0) return Io::kClosed;
    pollfd fds[2] = {{stdout_fd_, POLLIN, 0}, {stderr_fd_, POLLIN, 0}};
    int rc = ::poll(fds, stderr_fd_ >= 0 ? 2 : 1, ms_until(deadline));
    if (rc < 0 && errno != EINTR) return Io::kClosed;
    if (stderr_fd_ >= 0 && fds[1].revents) forward_stderr();
    if (fds[0].revents) {
      char chunk[65536];
      ssize_t n = ::read(stdout_fd_, chunk, sizeof chunk);
      if (n > 0) stdout_buffer_.append(chunk, static_cast<std::size_t>(n));
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) close_fd(stdout_fd_);
      continue;
    }
    if (rc == 0 || Clock::now() >= deadline) return Io::kTimeout;
  }
}

ChildProcess::Io ChildProcess::write_all(std::string_view data, Clock::time_point deadline) {
  while (!data.empty()) {
    if (stdin_fd_ < 0) return Io::kClosed;
    // Keep stderr flowing while we wait: a program blocked on a full stderr pipe would never
    // read its stdin.
    pollfd fds[2] = {{stdin_fd_, POLLOUT, 0}, {stderr_fd_, POLLIN, 0}};
    int rc = ::poll(fds, stderr_fd_ >= 0 ? 2 : 1, ms_until(deadline));
    if (rc < 0 && errno != EINTR) return Io::kClosed;
    if (stderr_fd_ >= 0 && fds[1].revents) forward_stderr();
    if (fds[0].revents & (POLLERR | POLLHUP)) return Io::kClosed;
    if (fds[0].revents & POLLOUT) {
      ssize_t n = write_no_sigpipe(stdin_fd_, data.data(), data.size());
      if (n > 0) data.remove_prefix(static_cast<std::size_t>(n));
      if (n < 0 && errno != EAGAIN && errno != EINTR) return Io::kClosed;
      continue;
    }
    if (rc == 0 || Clock::now() >= deadline) return Io::kTimeout;
  }
  return Io::kDone;
}

void ChildProcess::drain_stderr(Clock::time_point deadline) {
  while (stderr_fd_ >= 0) {
    pollfd fd{stderr_fd_, POLLIN, 0};
    if (::poll(&fd, 1, ms_until(deadline)) <= 0) break;
    forward_stderr();
  }
}

bool ChildProcess::reap(bool block) {
  if (pid_ < 0 || reaped_) return true;
  int status = 0;
  pid_t r;
  do {
    r = ::waitpid(pid_, &status, block ? 0 : WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r == pid_ || (r < 0 && errno == ECHILD)) {
    reaped_ = true;
    wait_status_ = r == pid_ ? status : 0;
  }
  return reaped_;
}

void ChildProcess::stop(std::chrono::milliseconds grace) {
  close_fd(stdin_fd_);  // a program reading its stdin sees the end of input and exits
  auto deadline = Clock::now() + grace;
  while (!reap(false) && Clock::now() < deadline) {
    drain_stderr(std::min(deadline, Clock::now() + std::chrono::milliseconds(20)));
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill_now();
}

void ChildProcess::kill_now() {
  if (pid_ < 0 || reap(false)) return;
  ::kill(pid_, SIGKILL);
  reap(true);
}

std::string ChildProcess::exit_description() {
  if (!reap(false)) return "is still running";
  if (WIFEXITED(wait_status_))
    return "exited with code " + std::to_string(WEXITSTATUS(wait_status_));
  if (WIFSIGNALED(wait_status_)) {
    int sig = WTERMSIG(wait_status_);
    return "was killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
  }
  return "ended (wait status " + std::to_string(wait_status_) + ")";
}

}  // namespace lstmbench::external
